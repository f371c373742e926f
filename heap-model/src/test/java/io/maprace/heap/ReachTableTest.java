package io.maprace.heap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ReachTableTest {

    @Test
    void behavesAsAMapOfIdsThroughGrowth() {
        behavesAsAMapOfIds(new ReachTable(), Long.MAX_VALUE);
    }

    @Test
    void denseIdsBehaveTheSame() {
        behavesAsAMapOfIds(new ReachTable(300_000), 300_000);
        replacesOnlyTheExpectedReach(new ReachTable(100));
    }

    private static void behavesAsAMapOfIds(ReachTable t, long bound) {
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long id = i % 7 == 0 ? i : bound == Long.MAX_VALUE ? random.nextLong() : random.nextInt((int) bound);
            int reach = random.nextInt(5) - 2;
            Integer before = expected.putIfAbsent(id, reach);
            assertEquals(before == null ? ReachTable.ABSENT : before, t.putIfAbsent(id, reach));
        }
        assertEquals(expected.size(), t.size());
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), t.putIfAbsent(e.getKey(), 99));
            assertTrue(t.ids().contains(e.getKey()));
        }
        assertFalse(t.ids().contains(123_456_789_012L));
        assertEquals(expected.size(), t.ids().size());
    }

    @Test
    void replacesOnlyTheExpectedReach() {
        replacesOnlyTheExpectedReach(new ReachTable());
    }

    private static void replacesOnlyTheExpectedReach(ReachTable t) {
        assertEquals(ReachTable.ABSENT, t.putIfAbsent(0, 3));
        assertEquals(ReachTable.ABSENT, t.putIfAbsent(17, 1));
        assertFalse(t.replace(17, 2, HeapWalker.MULTI));
        assertTrue(t.replace(17, 1, HeapWalker.MULTI));
        assertEquals(HeapWalker.MULTI, t.putIfAbsent(17, 0));
        assertTrue(t.replace(0, 3, HeapWalker.MULTI));
        assertEquals(HeapWalker.MULTI, t.putIfAbsent(0, 0));
        assertFalse(t.replace(99, 1, 2));
        assertTrue(t.ids().contains(0L));
        assertEquals(2, t.ids().size());
    }
}
