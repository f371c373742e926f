package io.maprace.heap;

import io.maprace.findings.Advice;
import io.maprace.model.MapFamily;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each checker on maps broken in-process by reflection, and on their healthy twins. */
class CheckersTest {

    private final LocalHeap heap = new LocalHeap();
    private final CheckContext cx = new CheckContext(heap, new ScanBudget(1_000_000, Duration.ofSeconds(30)),
            100_000, false).confirming();

    private MapCheck check(Object map) {
        Heap.Obj o = heap.of(map);
        MapFamily kind = MapFamily.ofClassChain(heap.classOf(o).superclasses());
        return MapInspector.inspect(cx, o, kind, map.getClass().getName());
    }

    private static Set<String> checks(MapCheck c) {
        return c.defects().stream().map(Defect::check).collect(Collectors.toSet());
    }

    private void assertHealthy(Object map) {
        MapCheck c = check(map);
        assertEquals(List.of(), c.defects(), () -> map.getClass().getSimpleName() + " reported broken");
        assertTrue(c.complete());
        assertTrue(c.quiescent());
    }

    @Test
    void healthyTwinsHaveNoDefects() {
        assertHealthy(Corruptions.binOfThree());
        assertHealthy(Corruptions.plain(500));
        assertHealthy(Corruptions.treeBin());
        assertHealthy(Corruptions.lru(8));
        assertHealthy(Corruptions.weak());
        assertHealthy(Corruptions.identity());
        assertHealthy(Corruptions.treeMap());
        assertHealthy(Corruptions.set());
        assertHealthy(new java.util.LinkedHashSet<>(List.of(1, 2, 3)));
        assertHealthy(new java.util.TreeSet<>(List.of(1, 2, 3)));
        assertHealthy(new java.util.HashMap<>());
    }

    @Test
    void binCycleIsFoundAndTheWalkEnds() {
        MapCheck c = check(Corruptions.binCycle());
        assertEquals(Set.of("bin-cycle"), checks(c), c.defects()::toString);
        Defect cycle = c.defects().stream().filter(d -> d.check().equals("bin-cycle")).findFirst().orElseThrow();
        assertTrue(cycle.structural(), "a loop in a plain bin cannot come from one write in progress");
        assertEquals(4, c.entries());
    }

    @Test
    void sizeMismatch() {
        MapCheck c = check(Corruptions.wrongSize());
        assertEquals(Set.of("size-mismatch"), checks(c));
        assertTrue(c.defects().get(0).detail().contains("size is 23 but the table holds 20"));
    }

    @Test
    void entryInTheWrongBucket() {
        MapCheck c = check(Corruptions.wrongBucket());
        assertEquals(Set.of("wrong-bucket"), checks(c));
    }

    @Test
    void brokenTreeBin() {
        MapCheck c = check(Corruptions.brokenTreeBin());
        assertEquals(1, c.treeBins());
        assertTrue(checks(c).containsAll(Set.of("tree-root-color", "tree-parent-link")), c.defects()::toString);
    }

    @Test
    void lruOrderLoopAndCut() {
        MapCheck loop = check(Corruptions.lruLoop());
        assertTrue(loop.accessOrder());
        assertTrue(checks(loop).contains("order-cycle"), loop.defects()::toString);
        MapCheck cut = check(Corruptions.lruCut());
        assertTrue(checks(cut).containsAll(Set.of("order-tail", "order-missing")), cut.defects()::toString);
    }

    /**
     * A map written while it is read shows some entry between its table and its order list on every read, a
     * different one each time: only the same entries on two reads are lasting damage.
     */
    @Test
    void anOrderOrphanIsNamedByItsEntriesNotByItsCount() {
        LinkedHashMap<String, Integer> m = Corruptions.lru(8);
        Object three = unbin(m, "lru-3");
        MapCheck first = check(m);
        unbin(m, "lru-5");
        rebin(m, three);
        MapCheck second = check(m);
        MapCheck third = check(m);
        assertTrue(checks(first).contains("order-orphan") && checks(second).contains("order-orphan"),
                first.defects() + " " + second.defects());
        assertTrue(Confirmer.common(first.defects(), second.defects()).stream()
                .noneMatch(d -> d.check().equals("order-orphan")), "one orphan each read, a different entry");
        assertTrue(Confirmer.common(second.defects(), third.defects()).stream()
                .anyMatch(d -> d.check().equals("order-orphan")), "the same orphan on two reads");
    }

    /** Takes the entry of {@code key} out of its bin, its order links left as they are; returns the node. */
    private static Object unbin(HashMap<?, ?> m, Object key) {
        Object[] table = (Object[]) Corruptions.get(m, "table");
        int i = (table.length - 1) & (key.hashCode() ^ (key.hashCode() >>> 16));
        Object prev = null;
        for (Object n = table[i]; n != null; prev = n, n = Corruptions.get(n, "next")) {
            if (key.equals(Corruptions.get(n, "key"))) {
                if (prev == null) {
                    table[i] = Corruptions.get(n, "next");
                } else {
                    Corruptions.set(prev, "next", Corruptions.get(n, "next"));
                }
                return n;
            }
        }
        throw new IllegalStateException(key + " not in its bin");
    }

    /** Puts a node {@link #unbin} took out back at the head of its bin. */
    private static void rebin(HashMap<?, ?> m, Object node) {
        Object[] table = (Object[]) Corruptions.get(m, "table");
        int h = (Integer) Corruptions.get(node, "hash");
        Corruptions.set(node, "next", table[(table.length - 1) & h]);
        table[(table.length - 1) & h] = node;
    }

    @Test
    void leakedWeakEntry() {
        MapCheck c = check(Corruptions.leakedWeakEntry());
        assertEquals(Set.of("stale-entry-leaked"), checks(c), c.defects()::toString);
    }

    @Test
    void weakEntryClearedWithoutBeingEnqueued() {
        MapCheck c = check(Corruptions.clearedWeakEntry());
        assertEquals(Set.of("stale-entry-not-enqueued"), checks(c), c.defects()::toString);
    }

    @Test
    void treeMapKeysOutOfOrder() {
        MapCheck c = check(Corruptions.treeMapBadOrder());
        assertEquals(Set.of("tree-order"), checks(c), c.defects()::toString);
    }

    @Test
    void identityMapWithoutAFreeSlot() {
        MapCheck c = check(Corruptions.fullIdentityMap());
        assertTrue(checks(c).contains("table-full"), c.defects()::toString);
    }

    @Test
    void treeMapLoop() {
        MapCheck c = check(Corruptions.treeMapLoop());
        assertTrue(checks(c).contains("tree-cycle"), c.defects()::toString);
    }

    @Test
    void negativeSizeOfASet() {
        MapCheck c = check(Corruptions.negativeSet());
        assertEquals(MapFamily.HASH_SET, c.kind());
        assertTrue(checks(c).contains("negative-size"), c.defects()::toString);
    }

    @Test
    void everyCheckSaysWhatItMeansForTheApplication() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("src/main/java/io/maprace/heap");
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("new Defect\\(\"([a-z-]+)\"");
        Set<String> codes = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                var m = code.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        codes.add(WeakHashMapChecker.NOT_ENQUEUED);
        assertTrue(codes.size() > 20, codes::toString);
        for (String c : codes) {
            assertTrue(Advice.knowsCorruption(c), "no consequence text for " + c);
        }
    }

    @Test
    void aMapLargerThanTheEntryBudgetIsReportedPartial() {
        CheckContext small = new CheckContext(heap, new ScanBudget(1_000_000, Duration.ofSeconds(30)), 100, false);
        Heap.Obj o = heap.of(Corruptions.plain(1000));
        MapCheck c = MapInspector.inspect(small, o, MapFamily.HASH_MAP, "java.util.HashMap");
        assertFalse(c.complete());
        assertEquals(List.of(), c.defects(), "a partial read must not claim a size mismatch");
    }

    @Test
    void keysAreShownOnlyWhenAsked() {
        CheckContext shown = new CheckContext(heap, new ScanBudget(1_000_000, Duration.ofSeconds(30)), 1000, true);
        Heap.Obj o = heap.of(Corruptions.wrongBucket());
        MapCheck quiet = MapInspector.inspect(cx, o, MapFamily.HASH_MAP, "java.util.HashMap");
        MapCheck loud = MapInspector.inspect(shown, o, MapFamily.HASH_MAP, "java.util.HashMap");
        assertFalse(quiet.defects().get(0).detail().contains("key-"), quiet.defects()::toString);
        assertTrue(loud.defects().get(0).detail().contains("(key \"key-"), loud.defects()::toString);
    }
}
