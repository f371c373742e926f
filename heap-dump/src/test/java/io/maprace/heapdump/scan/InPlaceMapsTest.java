package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.DumpScanStats;
import io.maprace.findings.Report;
import io.maprace.heap.Heap;
import io.maprace.heap.IntactHashMap;
import io.maprace.heap.ScanOptions;
import io.maprace.heapdump.DumpFile;
import io.maprace.heapdump.Dumps;
import io.maprace.progress.Progress;
import io.maprace.rules.ScanFindings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump's in-place read of plain hash maps ({@link IntactHashMaps}) changes nothing a scan reports: the same
 * report as reading every map field by field, on the corrupted-maps sample and on thousands of small maps; and every
 * kind of damage the checks find in a HashMap or LinkedHashMap is left to them (the in-place read answers null).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class InPlaceMapsTest {

    /** Maps this JVM damages, then dumps: {@link #damaged} names each. */
    static final Object[] DAMAGED = new Object[16];
    /** Intact maps the in-place read must read as the checks do. */
    static final Object[] INTACT = new Object[8];

    @TempDir
    Path dir;

    private Path dump(String sample, String... args) throws Exception {
        return Dumps.ofSample(dir.resolve(sample + ".hprof"), sample, args);
    }

    private static DumpScanResult scan(DumpFile d, boolean inPlace, long[] readInPlace) {
        return scan(d, inPlace, readInPlace, DumpScanner.KEPT_MAPS);
    }

    static DumpScanResult scan(DumpFile d, boolean inPlace, long[] readInPlace, int kept) {
        DumpHeap heap = new DumpHeap(d.dump(), inPlace);
        DumpScanResult r = DumpScanner.scan(d.dump(), "heap dump", ScanOptions.defaults().withLimit(Long.MAX_VALUE)
                .withTimeout(Duration.ofSeconds(90)), Progress.NONE, d.openMillis(), kept, heap);
        readInPlace[0] = heap.readInPlace();
        return r;
    }

    /** The counters without the times, which differ from run to run. */
    static DumpScanStats untimed(DumpScanStats s) {
        return new DumpScanStats(s.classes(), s.staticFields(), s.threads(), s.objectsRead(), s.mapsFound(),
                s.mapsChecked(), s.mapsCorrupted(), 0, s.longestPauseMillis(), s.cutBy(), s.readErrors(),
                s.danglingReferences(), s.dumpBytes(), s.dumpObjects(), s.dumpIdSize(), 0, s.indexHeapBytes(),
                s.dumpPauseMillis(), s.dumpPauseMeasured(), s.dumpWriteMillis(), s.dumpCommandMillis(), s.dumpKept(),
                s.sharedMaps(), s.sharedMapGroups());
    }

    static Report report(DumpScanResult r, DumpScanResult timesOf) {
        return ScanFindings.report("maprace", r.source(), timesOf.start(), timesOf.end(), r.maps(), r.counted(),
                untimed(r.stats()), r.warnings(), 1000);
    }

    /** @return how many maps were read in place */
    private static long sameReport(Path file) throws Exception {
        try (DumpFile d = DumpFile.open(file)) {
            long[] none = {0};
            long[] some = {0};
            DumpScanResult fieldByField = scan(d, false, none);
            DumpScanResult inPlace = scan(d, true, some);
            assertEquals(0, none[0]);
            assertEquals(report(fieldByField, fieldByField), report(inPlace, fieldByField));
            return some[0];
        }
    }

    @Test
    void corruptedMapsSampleSameReport() throws Exception {
        long read = sameReport(dump("corrupted-maps", "--seconds", "0"));
        assertTrue(read > 0, "no map read in place");
    }

    @Test
    void thousandsOfSmallMapsSameReport() throws Exception {
        // BusyMaps: HashMaps, LinkedHashMaps and TreeMaps of a few entries each
        long read = sameReport(dump("busy-maps", "--seconds", "0", "--maps", "4000", "--threads", "1"));
        assertTrue(read > 2000, () -> read + " maps read in place of 4000");
    }

    @Test
    void everyKindOfDamageIsLeftToTheChecks() throws Exception {
        try {
            damageLeftToTheChecks();
        } finally {
            // other tests dump this JVM too
            java.util.Arrays.fill(DAMAGED, null);
            java.util.Arrays.fill(INTACT, null);
        }
    }

    private void damageLeftToTheChecks() throws Exception {
        List<String> damage = damage();
        List<String> intact = intact();
        Path file = Dumps.ofThisJvm(dir.resolve("self.hprof"));
        try (DumpFile d = DumpFile.open(file)) {
            DumpHeap heap = new DumpHeap(d.dump(), true);
            String owner = InPlaceMapsTest.class.getName();
            Heap.Obj damaged = heap.staticValue(owner, "DAMAGED");
            List<Heap.Obj> maps = heap.slice(damaged, 0, damage.size());
            for (int i = 0; i < damage.size(); i++) {
                Heap.Obj map = maps.get(i);
                boolean linked = heap.classOf(map).name().equals("java.util.LinkedHashMap");
                assertNull(heap.intactHashMap(map, linked, 1 << 20), damage.get(i) + " read as intact");
            }
            Heap.Obj fine = heap.staticValue(owner, "INTACT");
            List<Heap.Obj> healthy = heap.slice(fine, 0, intact.size());
            for (int i = 0; i < intact.size(); i++) {
                Heap.Obj map = healthy.get(i);
                boolean linked = heap.classOf(map).name().equals("java.util.LinkedHashMap");
                IntactHashMap m = heap.intactHashMap(map, linked, 1 << 20);
                String what = intact.get(i);
                if (what.startsWith("tree bin")) {
                    assertNull(m, what + ": a tree bin is left to the checks");
                    continue;
                }
                assertNotNull(m, what);
                int size = ((java.util.Map<?, ?>) INTACT[i]).size();
                assertEquals(size, m.size(), what);
                assertEquals(size, m.keys().size(), what);
                assertEquals(size, m.values().size(), what);
                assertTrue(m.keys().stream().allMatch(k -> k != null && heap.string(k) != null), what);
            }
            long inPlace = reportedAlikeEitherWay(d, owner, damage, intact.size());
            assertTrue(inPlace >= intact.size() - 1, () -> inPlace + " maps read in place");
        }
    }

    /**
     * The scan of the whole dump, read in place and field by field: each of {@code owner}'s {@code DAMAGED} maps
     * reported corrupted with the same defects either way, none of its {@code INTACT} ones, which are the same
     * either way. Returns how many maps were read in place.
     */
    static long reportedAlikeEitherWay(DumpFile d, String owner, List<String> damage, int intact) throws Exception {
        long[] count = {0};
        DumpScanResult inPlace = scan(d, true, count, Integer.MAX_VALUE);
        long readInPlace = count[0];
        DumpScanResult fieldByField = scan(d, false, count, Integer.MAX_VALUE);
        for (int i = 0; i < damage.size(); i++) {
            String path = owner + ".DAMAGED[" + i + "]";
            ScannedMap a = at(inPlace, path);
            ScannedMap b = at(fieldByField, path);
            String what = damage.get(i);
            assertTrue(a.corrupted(), () -> path + " (" + what + ") not reported corrupted");
            assertEquals(b.defects(), a.defects(), path);
        }
        for (int i = 0; i < intact; i++) {
            String path = owner + ".INTACT[" + i + "]";
            assertFalse(at(inPlace, path).corrupted(), path);
            assertEquals(at(fieldByField, path).map(), at(inPlace, path).map(), path);
        }
        return readInPlace;
    }

    static ScannedMap at(DumpScanResult r, String path) {
        List<ScannedMap> found = r.maps().stream().filter(m -> m.map().path().equals(path)).toList();
        assertEquals(1, found.size(), () -> path + " in " + r.maps().stream().map(m -> m.map().path())
                .filter(p -> p.contains("InPlaceMapsTest")).toList());
        return found.get(0);
    }

    // ---- maps damaged by hand, as races leave them

    private static List<String> damage() throws Exception {
        List<String> what = new ArrayList<>();
        HashMap<String, Integer> m;

        m = plain(8);
        Object head = firstBin(m);
        set(last(head), "next", head);
        add(what, "bin-cycle", m);

        m = plain(8);
        Object[] t = table(m);
        int i = binIndex(t, 0);
        int j = binIndex(t, i + 1);
        set(last(t[j]), "next", t[i]);
        add(what, "shared-entry (and wrong bucket)", m);

        m = plain(8);
        t = table(m);
        i = singleBin(t);
        int empty = emptyBin(t);
        t[empty] = t[i];
        t[i] = null;
        add(what, "wrong-bucket", m);

        m = plain(8);
        set(m, HashMap.class, "size", 9);
        add(what, "size over the entries", m);

        m = plain(8);
        set(m, HashMap.class, "size", 7);
        add(what, "size under the entries", m);

        m = plain(8);
        set(m, HashMap.class, "size", -3);
        add(what, "negative-size", m);

        m = plain(0);
        set(m, HashMap.class, "size", 2);
        add(what, "no-table", m);

        LinkedHashMap<String, Integer> l;

        l = linked(10);
        set(nth(l, 4), "after", null);
        add(what, "order list cut", l);

        l = linked(10);
        set(get(l, LinkedHashMap.class, "tail"), "after", get(l, LinkedHashMap.class, "head"));
        add(what, "order-cycle", l);

        l = linked(10);
        set(nth(l, 5), "before", null);
        add(what, "order-broken", l);

        l = linked(10);
        set(l, LinkedHashMap.class, "tail", nth(l, 6));
        add(what, "order-tail", l);

        l = linked(10);
        Object e = nth(l, 3);
        unlinkFromTable(l, e);
        add(what, "order-orphan (removed from the table, still in the list)", l);

        l = linked(10);
        e = nth(l, 3);
        Object before = get(e, "before");
        Object after = get(e, "after");
        set(before, "after", after);
        set(after, "before", before);
        add(what, "order-missing (in the table, not in the list)", l);

        l = linked(40);
        set(nth(l, 30), "after", nth(l, 10));
        add(what, "order-cycle in a map of 40", l);

        m = plain(100);
        t = table(m);
        i = binIndex(t, 0);
        j = binIndex(t, i + 1);
        set(last(t[j]), "next", t[i]);
        add(what, "shared-entry in a map of 100", m);
        return what;
    }

    private static List<String> intact() {
        List<String> what = new ArrayList<>();
        addIntact(what, "plain of 8", plain(8));
        addIntact(what, "plain of 100", plain(100));
        addIntact(what, "empty, no table", new HashMap<String, Integer>());
        HashMap<String, Integer> cleared = plain(8);
        cleared.clear();
        addIntact(what, "emptied, with a table", cleared);
        addIntact(what, "linked of 10", linked(10));
        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, 0.75f, true);
        for (int k = 0; k < 40; k++) {
            lru.put("k" + k, k);
        }
        lru.get("k3");
        addIntact(what, "linked of 40 in access order", lru);
        HashMap<String, Integer> tree = new HashMap<>(64);
        for (String k : colliding()) {
            tree.put(k, 1);
        }
        addIntact(what, "tree bin of 16", tree);
        return what;
    }

    private static void add(List<String> what, String name, Object map) {
        DAMAGED[what.size()] = map;
        what.add(name);
    }

    private static void addIntact(List<String> what, String name, Object map) {
        INTACT[what.size()] = map;
        what.add(name);
    }

    private static HashMap<String, Integer> plain(int n) {
        HashMap<String, Integer> m = new HashMap<>();
        for (int k = 0; k < n; k++) {
            m.put("k" + k, k);
        }
        return m;
    }

    private static LinkedHashMap<String, Integer> linked(int n) {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            m.put("k" + k, k);
        }
        return m;
    }

    /** 16 strings of one hash code ("Aa" and "BB" hash alike). */
    private static List<String> colliding() {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                s.append((b >> k & 1) == 0 ? "Aa" : "BB");
            }
            out.add(s.toString());
        }
        return out;
    }

    private static Object[] table(HashMap<?, ?> m) throws Exception {
        return (Object[]) get(m, HashMap.class, "table");
    }

    private static Object firstBin(HashMap<?, ?> m) throws Exception {
        Object[] t = table(m);
        return t[binIndex(t, 0)];
    }

    private static int binIndex(Object[] t, int from) {
        for (int i = from; i < t.length; i++) {
            if (t[i] != null) {
                return i;
            }
        }
        throw new IllegalStateException("no bin from " + from);
    }

    private static int singleBin(Object[] t) throws Exception {
        for (int i = 0; i < t.length; i++) {
            if (t[i] != null && get(t[i], "next") == null) {
                return i;
            }
        }
        throw new IllegalStateException("no bin of one entry");
    }

    private static int emptyBin(Object[] t) {
        for (int i = 0; i < t.length; i++) {
            if (t[i] == null) {
                return i;
            }
        }
        throw new IllegalStateException("no empty bin");
    }

    private static Object last(Object node) throws Exception {
        Object n = node;
        while (get(n, "next") != null) {
            n = get(n, "next");
        }
        return n;
    }

    /** The {@code i}th entry of a LinkedHashMap's order list. */
    private static Object nth(LinkedHashMap<?, ?> m, int i) throws Exception {
        Object e = get(m, LinkedHashMap.class, "head");
        for (int k = 0; k < i; k++) {
            e = get(e, "after");
        }
        return e;
    }

    /** Takes {@code e} out of its bin's chain and the size, leaving it in the order list. */
    private static void unlinkFromTable(HashMap<?, ?> m, Object e) throws Exception {
        Object[] t = table(m);
        for (int i = 0; i < t.length; i++) {
            if (t[i] == e) {
                t[i] = get(e, "next");
            } else {
                for (Object n = t[i]; n != null; n = get(n, "next")) {
                    if (get(n, "next") == e) {
                        set(n, "next", get(e, "next"));
                    }
                }
            }
        }
        set(m, HashMap.class, "size", (Integer) get(m, HashMap.class, "size") - 1);
    }

    private static Object get(Object o, String name) throws Exception {
        return field(o.getClass(), name).get(o);
    }

    private static Object get(Object o, Class<?> c, String name) throws Exception {
        return field(c, name).get(o);
    }

    private static void set(Object o, String name, Object value) throws Exception {
        field(o.getClass(), name).set(o, value);
    }

    private static void set(Object o, Class<?> c, String name, Object value) throws Exception {
        field(c, name).set(o, value);
    }

    static Field field(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(c.getName() + "." + name);
    }
}
