package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@code TreeMap}'s red-black tree by reading its entries: no loop, parents pointing back, a black root,
 * no red node with a red child, equal black heights, and the number of entries against {@code size}.
 */
final class TreeMapChecker {

    private static final String TM = "java.util.TreeMap#";
    private static final List<String> HEADER = List.of(TM + "root", TM + "size", TM + "modCount", TM + "comparator");
    private static final List<String> ENTRY_FIELDS = List.of("key", "value", "left", "right", "parent", "color");
    /** Key order is checked on maps up to this size (one request per key). */
    static final int MAX_ORDER_CHECK = 10_000;

    private record Entry(Heap.Obj self, Heap.Obj key, Heap.Obj value, Heap.Obj left, Heap.Obj right,
                         Heap.Obj parent, boolean black) {
    }

    private TreeMapChecker() {
    }

    static MapCheck check(CheckContext cx, Heap.Obj map, MapFamily kind, String type) {
        long start = System.nanoTime();
        MapCheck quick = intact(cx, map, kind, type, start);
        if (quick != null) {
            return quick;
        }
        Heap heap = cx.heap();
        Object[] h = heap.readInOrder(map, HEADER); // in the order of HEADER
        boolean naturalOrder = h[3] == null;
        Heap.Obj root = CheckContext.objOf(h[0]);
        int size = CheckContext.intOf(h[1]);
        int modCount = CheckContext.intOf(h[2]);
        List<Defect> defects = new ArrayList<>();
        if (size < 0) {
            defects.add(new Defect("negative-size", "size is " + size, true, "size"));
        }
        Map<Long, Entry> entries = new LinkedHashMap<>(); // in the order met: the walk goes on through the values so
        boolean complete = true;
        if (root != null) {
            Deque<Heap.Obj> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Heap.Obj cur = stack.pop();
                if (entries.size() >= cx.maxEntries() || !cx.budget().take(1)) {
                    complete = false;
                    break;
                }
                Object[] f; // in the order of ENTRY_FIELDS
                try {
                    f = heap.readInOrder(cur, ENTRY_FIELDS);
                } catch (Heap.ObjectGoneException e) {
                    complete = false;
                    continue;
                }
                Entry e = new Entry(cur, CheckContext.objOf(f[0]), CheckContext.objOf(f[1]),
                        CheckContext.objOf(f[2]), CheckContext.objOf(f[3]), CheckContext.objOf(f[4]),
                        CheckContext.boolOf(f[5]));
                entries.put(cur.id(), e);
                for (Heap.Obj child : new Heap.Obj[] {e.left(), e.right()}) {
                    if (child == null) {
                        continue;
                    }
                    if (entries.containsKey(child.id()) || stack.contains(child)) {
                        defects.add(new Defect("tree-cycle", "the tree loops: a lookup or an iteration that walks "
                                + "it never ends", false, "node " + child.id()));
                        continue;
                    }
                    stack.push(child);
                }
            }
            Entry r = entries.get(root.id());
            if (r != null && r.parent() != null) {
                defects.add(new Defect("tree-parent-link", "the root has a parent", false, "root"));
            }
            if (r != null && !r.black()) {
                defects.add(new Defect("tree-root-color", "the root is red", false, "root"));
            }
            if (complete) {
                checkLinks(root, entries, defects);
                if (naturalOrder && entries.size() <= MAX_ORDER_CHECK && defects.isEmpty()) {
                    checkOrder(heap, root, entries, defects);
                }
            }
        }
        if (complete && entries.size() != size && size >= 0) {
            defects.add(new Defect(Defect.SIZE_MISMATCH, "size is " + size + " but the tree holds " + entries.size()
                    + " entries", false, "delta " + (size - entries.size())));
        }
        int modCountAfter = cx.modCountAfter(map, TM + "modCount");
        List<MapCheck.KeyValue> contents = new ArrayList<>();
        for (Entry e : entries.values()) {
            contents.add(new MapCheck.KeyValue(e.key(), e.value()));
        }
        MapCheck check = new MapCheck(kind, type, size, -1, modCount, modCountAfter, entries.size(), complete, false,
                0, HashMapChecker.dedupe(defects), contents, System.nanoTime() - start);
        // only a check that found defects keeps what it read
        return defects.isEmpty() ? check : check.pinning(entries.values().stream().map(Entry::self).toList());
    }

    /**
     * The check of a map the heap read in one go and found intact ({@link Heap#intactTreeMap}), its entries counted as
     * read as the walk above would; null when the heap cannot tell, or the entries would pass the scan's limit.
     */
    private static MapCheck intact(CheckContext cx, Heap.Obj map, MapFamily kind, String type, long start) {
        IntactTreeMap m = cx.heap().intactTreeMap(map, cx.maxEntries());
        if (m == null || !cx.budget().hasRoomFor(m.size())) {
            return null;
        }
        cx.budget().take(m.size());
        int modCountAfter = cx.modCountAfter(map, TM + "modCount");
        return new MapCheck(kind, type, m.size(), -1, m.modCount(), modCountAfter, m.size(), true, false, 0,
                List.of(), m.contents(), System.nanoTime() - start);
    }

    /**
     * Keys in natural order must not decrease along an in-order walk (a race that swaps or misplaces entries makes
     * lookups descend the wrong way). Checked only for String and number keys, whose order is known here.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void checkOrder(Heap heap, Heap.Obj root, Map<Long, Entry> entries, List<Defect> defects) {
        Deque<Entry> stack = new ArrayDeque<>();
        Entry cur = entries.get(root.id());
        Comparable previous = null;
        int steps = 0;
        while ((cur != null || !stack.isEmpty()) && steps++ <= entries.size() * 2 + 2) {
            while (cur != null) {
                stack.push(cur);
                cur = cur.left() == null ? null : entries.get(cur.left().id());
            }
            Entry e = stack.pop();
            if (e.key() == null) {
                return;
            }
            Comparable key = heap.comparable(e.key());
            if (key == null) {
                return;
            }
            if (previous != null && previous.getClass() == key.getClass() && previous.compareTo(key) > 0) {
                defects.add(new Defect("tree-order", "the keys are out of order: an in-order walk meets a key "
                        + "smaller than the one before it, so lookups descend the wrong way and miss entries", false,
                        "order"));
                return;
            }
            previous = key;
            cur = e.right() == null ? null : entries.get(e.right().id());
        }
    }

    private static void checkLinks(Heap.Obj root, Map<Long, Entry> entries, List<Defect> defects) {
        Map<Long, Integer> blackHeight = new HashMap<>();
        Deque<Entry> stack = new ArrayDeque<>();
        Deque<Entry> post = new ArrayDeque<>();
        java.util.Set<Long> visited = new java.util.HashSet<>();
        stack.push(entries.get(root.id()));
        while (!stack.isEmpty()) {
            Entry e = stack.pop();
            if (e == null || !visited.add(e.self().id())) {
                continue;
            }
            post.push(e);
            for (Heap.Obj childRef : new Heap.Obj[] {e.left(), e.right()}) {
                Entry child = childRef == null ? null : entries.get(childRef.id());
                if (child == null) {
                    continue;
                }
                if (CheckContext.idOf(child.parent()) != e.self().id()) {
                    defects.add(new Defect("tree-parent-link", "a child's parent link does not point to its parent",
                            false, "node " + child.self().id()));
                }
                if (!e.black() && !child.black()) {
                    defects.add(new Defect("tree-red-red", "a red entry has a red child", false,
                            "node " + child.self().id()));
                }
                stack.push(child);
            }
        }
        while (!post.isEmpty()) {
            Entry e = post.pop();
            int lh = e.left() == null ? 0 : blackHeight.getOrDefault(e.left().id(), -1);
            int rh = e.right() == null ? 0 : blackHeight.getOrDefault(e.right().id(), -1);
            if (lh >= 0 && rh >= 0 && lh != rh) {
                defects.add(new Defect("tree-black-height", "the tree is unbalanced: paths hold different numbers "
                        + "of black entries", false, "node " + e.self().id()));
            }
            blackHeight.put(e.self().id(), Math.max(lh, rh) + (e.black() ? 1 : 0));
        }
    }
}
