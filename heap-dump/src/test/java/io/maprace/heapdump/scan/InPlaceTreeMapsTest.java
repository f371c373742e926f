package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;
import io.maprace.heap.IntactTreeMap;
import io.maprace.heapdump.DumpFile;
import io.maprace.heapdump.Dumps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.maprace.heapdump.scan.InPlaceMapsTest.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump's in-place read of tree maps ({@link IntactTreeMaps}) leaves every kind of damage {@code TreeMapChecker}
 * finds to it (the in-place read answers null) and reads intact trees as the checker does; the reports of whole
 * scans with and without it are compared in {@link InPlaceMapsTest} (BusyMaps holds TreeMaps).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class InPlaceTreeMapsTest {

    /** Trees this JVM damages, then dumps: {@link #damage} names each. */
    static final Object[] DAMAGED = new Object[20];
    /** Intact trees the in-place read must read as the checker does. */
    static final Object[] INTACT = new Object[10];

    @TempDir
    Path dir;

    @Test
    void everyKindOfTreeDamageIsLeftToTheChecks() throws Exception {
        try {
            check();
        } finally {
            java.util.Arrays.fill(DAMAGED, null);
            java.util.Arrays.fill(INTACT, null);
        }
    }

    private void check() throws Exception {
        List<String> damage = damage();
        List<String> intact = intact();
        Path file = Dumps.ofThisJvm(dir.resolve("self.hprof"));
        try (DumpFile d = DumpFile.open(file)) {
            DumpHeap heap = new DumpHeap(d.dump(), true);
            String owner = InPlaceTreeMapsTest.class.getName();
            List<Heap.Obj> maps = heap.slice(heap.staticValue(owner, "DAMAGED"), 0, damage.size());
            for (int i = 0; i < damage.size(); i++) {
                assertNull(heap.intactTreeMap(maps.get(i), 1 << 20), damage.get(i) + " read as intact");
            }
            List<Heap.Obj> healthy = heap.slice(heap.staticValue(owner, "INTACT"), 0, intact.size());
            for (int i = 0; i < intact.size(); i++) {
                Heap.Obj map = healthy.get(i);
                String what = intact.get(i);
                if (INTACT[i] instanceof TreeSet<?> set) {
                    map = heap.read(map, List.of("m")).values().stream().map(Heap.Obj.class::cast).findFirst()
                            .orElseThrow();
                    assertEquals(set.size(), heap.intactTreeMap(map, 1 << 20).size(), what);
                    continue;
                }
                IntactTreeMap m = heap.intactTreeMap(map, 1 << 20);
                assertNotNull(m, what);
                int size = ((Map<?, ?>) INTACT[i]).size();
                assertEquals(size, m.size(), what);
                assertEquals(size, m.keys().size(), what);
                assertEquals(size, m.values().size(), what);
                assertTrue(m.keys().stream().allMatch(k -> k != null && heap.comparable(k) != null), what);
                if (size > 0) {
                    assertNull(heap.intactTreeMap(map, size - 1), what + ": more entries than the limit");
                }
            }
            InPlaceMapsTest.reportedAlikeEitherWay(d, owner, damage, intact.size());
        }
    }

    // ---- trees damaged by hand, as races leave them (TreeMap.Entry: RED is false, BLACK true)

    private static List<String> damage() throws Exception {
        List<String> what = new ArrayList<>();
        TreeMap<String, Integer> m;

        m = tree(10);
        set(m, "size", 11);
        add(what, "size over the entries", m);

        m = tree(10);
        set(m, "size", 9);
        add(what, "size under the entries", m);

        m = tree(10);
        set(m, "size", -1);
        add(what, "negative-size", m);

        m = tree(10);
        set(leaf(m), "left", root(m));
        add(what, "tree-cycle (a leaf's child is the root)", m);

        m = tree(10);
        Object r = root(m);
        set(get(r, "left"), "right", get(r, "right"));
        add(what, "tree-cycle (one entry under two parents)", m);

        m = tree(10);
        set(root(m), "parent", leaf(m));
        add(what, "tree-parent-link (the root has a parent)", m);

        m = tree(10);
        set(leaf(m), "parent", root(m));
        add(what, "tree-parent-link (a leaf's parent is the root)", m);

        m = tree(10);
        set(root(m), "color", false);
        add(what, "tree-root-color", m);

        m = redRed();
        add(what, "tree-red-red (black heights kept)", m);

        m = tree(20);
        Object redLeaf = entry(m, e -> !(boolean) get(e, "color") && get(e, "left") == null
                && get(e, "right") == null);
        set(redLeaf, "color", true);
        add(what, "tree-black-height (a red leaf turned black)", m);

        TreeMap<String, Integer> swapped = tree(20);
        Object low = entry(swapped, e -> get(e, "key").equals(swapped.firstKey()));
        Object high = entry(swapped, e -> get(e, "key").equals(swapped.lastKey()));
        Object k = get(low, "key");
        set(low, "key", get(high, "key"));
        set(high, "key", k);
        add(what, "tree-order (first and last keys swapped)", swapped);

        TreeMap<Integer, Integer> n = new TreeMap<>();
        for (int i = 0; i < 30; i++) {
            n.put(i, i);
        }
        Object e = entry(n, x -> get(x, "key").equals(20));
        set(e, "key", -5);
        add(what, "tree-order of number keys", n);

        m = tree(100);
        set(leaf(m), "right", get(root(m), "left"));
        add(what, "tree-cycle in a map of 100", m);

        m = tree(0);
        set(m, "size", 2);
        add(what, "size over an empty tree", m);
        return what;
    }

    private static List<String> intact() {
        List<String> what = new ArrayList<>();
        addIntact(what, "empty", tree(0));
        addIntact(what, "one entry", tree(1));
        addIntact(what, "ten entries", tree(10));
        addIntact(what, "a hundred entries", tree(100));
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        for (int i = 0; i < 30; i++) {
            reversed.put("k" + i, i);
        }
        addIntact(what, "reverse order (a comparator)", reversed);
        TreeMap<Long, Integer> numbers = new TreeMap<>();
        for (long i = 0; i < 50; i++) {
            numbers.put(i * 7919 % 101 - 50, 1);
        }
        addIntact(what, "number keys", numbers);
        TreeMap<String, Integer> removed = tree(60);
        for (int i = 0; i < 60; i += 3) {
            removed.remove(String.format("k%03d", i));
        }
        addIntact(what, "after removals", removed);
        TreeSet<String> set = new TreeSet<>();
        for (int i = 0; i < 12; i++) {
            set.add("s" + i);
        }
        addIntact(what, "a TreeSet's map", set);
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

    private static TreeMap<String, Integer> tree(int n) {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(String.format("k%03d", (i * 37) % Math.max(n, 1)), i);
        }
        return m;
    }

    /**
     * A tree with a red entry under a red parent and every path's black count kept: a black entry of red parent and
     * two red children turned red, its children black.
     */
    private static TreeMap<String, Integer> redRed() throws Exception {
        for (int n = 20; n < 400; n++) {
            TreeMap<String, Integer> m = tree(n);
            EntryTest fits = e -> (boolean) get(e, "color") && get(e, "parent") != null
                    && !(boolean) get(get(e, "parent"), "color")
                    && get(e, "left") != null && !(boolean) get(get(e, "left"), "color")
                    && get(e, "right") != null && !(boolean) get(get(e, "right"), "color");
            Object b;
            try {
                b = entry(m, fits);
            } catch (IllegalStateException none) {
                continue;
            }
            set(b, "color", false);
            set(get(b, "left"), "color", true);
            set(get(b, "right"), "color", true);
            return m;
        }
        throw new IllegalStateException("no tree to damage");
    }

    private interface EntryTest {
        boolean test(Object e) throws Exception;
    }

    private static Object root(TreeMap<?, ?> m) throws Exception {
        return field(TreeMap.class, "root").get(m);
    }

    /** The leftmost leaf. */
    private static Object leaf(TreeMap<?, ?> m) throws Exception {
        Object e = root(m);
        while (get(e, "left") != null || get(e, "right") != null) {
            e = get(e, "left") != null ? get(e, "left") : get(e, "right");
        }
        return e;
    }

    /** The first entry in pre-order that passes {@code test}. */
    private static Object entry(TreeMap<?, ?> m, EntryTest test) throws Exception {
        List<Object> stack = new ArrayList<>();
        stack.add(root(m));
        while (!stack.isEmpty()) {
            Object e = stack.remove(stack.size() - 1);
            if (e == null) {
                continue;
            }
            if (test.test(e)) {
                return e;
            }
            stack.add(get(e, "right"));
            stack.add(get(e, "left"));
        }
        throw new IllegalStateException("no such entry");
    }

    private static Object get(Object o, String name) throws Exception {
        return field(o.getClass(), name).get(o);
    }

    private static void set(Object o, String name, Object value) throws Exception {
        field(o.getClass(), name).set(o, value);
    }
}
