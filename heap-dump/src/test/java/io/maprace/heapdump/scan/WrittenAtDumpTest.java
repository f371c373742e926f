package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapFamily;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

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
    /** One thread in a write of one entry. */
    private static final DumpRoots.Writing PUT = new DumpRoots.Writing(FRAME, Set.of(7), true);

    private static ScannedMap map(String... checks) {
        return map(10, 10, checks);
    }

    private static ScannedMap map(int size, int entriesRead, String... checks) {
        List<Evidence.Corruption> defects = java.util.Arrays.stream(checks)
                .map(c -> new Evidence.Corruption(c, "as read")).toList();
        return new ScannedMap(new MapRef("java.util.LinkedHashMap", "com.example.Lru", "cache",
                "com.example.Lru.cache", 42L), "com.example.Lru.cache", MapFamily.LINKED_HASH_MAP, 1, size, true,
                true, List.of(), true, false, 0, 0, Severity.PROVEN, defects, DumpScanner.HOW, entriesRead, true);
    }

    @Test
    void halfAWriteCaughtByTheDumpIsACandidate() {
        ScannedMap m = DumpScanner.writtenAtDump(map("order-orphan"), PUT);
        assertEquals(Severity.CANDIDATE, m.damage());
        assertTrue(m.confirmation().contains(FRAME), m.confirmation());
        assertEquals(Severity.CANDIDATE, DumpScanner.writtenAtDump(map(11, 10, "size-mismatch", "order-missing"), PUT)
                .damage());
    }

    @Test
    void damageNoWriteMakesStandsAndUnwrittenMapsAreUntouched() {
        ScannedMap looping = map("size-mismatch", "bin-cycle");
        assertSame(looping, DumpScanner.writtenAtDump(looping, PUT));
        ScannedMap idle = map("order-orphan");
        assertSame(idle, DumpScanner.writtenAtDump(idle, null));
    }

    @Test
    void aCountFurtherFromTheTableThanTheWritesInProgressCanPutItStands() {
        // wro4j 1.6.3's WeakHashMap: size 25411, one entry in the table, a worker in expungeStaleEntries
        DumpRoots.Writing expunging = new DumpRoots.Writing("java.util.WeakHashMap.expungeStaleEntries("
                + "WeakHashMap.java:324)", Set.of(3), true);
        ScannedMap astray = map(25_411, 1, "size-mismatch");
        assertSame(astray, DumpScanner.writtenAtDump(astray, expunging));
        // two writers, each one entry from done: two apart at most
        DumpRoots.Writing two = new DumpRoots.Writing(FRAME, Set.of(3, 4), true);
        assertEquals(Severity.CANDIDATE, DumpScanner.writtenAtDump(map(12, 10, "size-mismatch"), two).damage());
        assertEquals(Severity.PROVEN, DumpScanner.writtenAtDump(map(13, 10, "size-mismatch"), two).damage());
        // a resize in progress moves any number of entries: the count says nothing then
        DumpRoots.Writing resizing = new DumpRoots.Writing("java.util.HashMap.resize(HashMap.java:700)", Set.of(3),
                false);
        assertEquals(Severity.CANDIDATE, DumpScanner.writtenAtDump(astray, resizing).damage());
    }
}
