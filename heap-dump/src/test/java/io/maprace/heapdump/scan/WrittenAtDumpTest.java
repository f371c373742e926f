package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapFamily;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dump can catch a thread inside a write, even one made under a lock: a LinkedHashMap's new entry linked into the
 * order list and not yet into the table looks like damage. Such a map keeps its damage as a candidate; damage no
 * write makes on its way (a looping bin) stays proven.
 */
class WrittenAtDumpTest {

    private static final String FRAME = "java.util.HashMap.putVal(HashMap.java:631)";

    private static ScannedMap map(String... checks) {
        List<Evidence.Corruption> defects = java.util.Arrays.stream(checks)
                .map(c -> new Evidence.Corruption(c, "as read")).toList();
        return new ScannedMap(new MapRef("java.util.LinkedHashMap", "com.example.Lru", "cache",
                "com.example.Lru.cache", 42L), "com.example.Lru.cache", MapFamily.LINKED_HASH_MAP, 1, 10, true,
                true, List.of(), true, false, 0, 0, Severity.PROVEN, defects, DumpScanner.HOW, 10, true);
    }

    @Test
    void halfAWriteCaughtByTheDumpIsACandidate() {
        ScannedMap m = DumpScanner.writtenAtDump(map("order-orphan"), FRAME);
        assertEquals(Severity.CANDIDATE, m.damage());
        assertTrue(m.confirmation().contains(FRAME), m.confirmation());
        assertEquals(Severity.CANDIDATE, DumpScanner.writtenAtDump(map("size-mismatch", "order-missing"), FRAME)
                .damage());
    }

    @Test
    void damageNoWriteMakesStandsAndUnwrittenMapsAreUntouched() {
        ScannedMap looping = map("size-mismatch", "bin-cycle");
        assertSame(looping, DumpScanner.writtenAtDump(looping, FRAME));
        ScannedMap idle = map("order-orphan");
        assertSame(idle, DumpScanner.writtenAtDump(idle, null));
    }
}
