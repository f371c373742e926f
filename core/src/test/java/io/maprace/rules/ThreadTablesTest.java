package io.maprace.rules;

import io.maprace.events.ThreadRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ThreadTablesTest {

    @Test
    void idsSharingARecentSlotKeepTheirOwnValues() {
        ThreadIdTable<String> table = new ThreadIdTable<>();
        // 1, 129 and -127 fall into one slot of the recent table
        table.put(1, "one");
        table.put(129, "one-two-nine");
        table.put(-127, "minus");
        assertEquals("one", table.get(1));
        assertEquals("one-two-nine", table.get(129));
        assertEquals("minus", table.get(-127));
        assertEquals("one", table.get(1));
        assertNull(table.get(257));
        assertEquals(3, table.values().size());
    }

    @Test
    void aReplacedOrClearedIdIsSoInTheRecentSlotsToo() {
        ThreadIdTable<String> table = new ThreadIdTable<>();
        table.put(7, "seven");
        assertEquals("seven", table.get(7));
        table.put(7, "again");
        assertEquals("again", table.get(7));
        table.clear();
        assertNull(table.get(7));
        assertEquals(0, table.values().size());
    }

    @Test
    void anEqualThreadObjectFindsTheValueThroughTheMap() {
        ThreadTable<String> table = new ThreadTable<>();
        ThreadRef worker = new ThreadRef(12, "worker");
        table.put(worker, "lane");
        assertSame("lane", table.get(new ThreadRef(12, "worker")));
        // same id, another name: another thread (a second JVM's recording)
        assertNull(table.get(new ThreadRef(12, "other")));
        table.put(new ThreadRef(12, "other"), "other lane");
        assertEquals("lane", table.get(worker));
        assertEquals(2, table.asMap().size());
    }
}
