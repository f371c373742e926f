package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;
import io.maprace.heap.IntactTreeMap;
import io.maprace.heapdump.hprof.ClassInfo;
import io.maprace.heapdump.hprof.HprofDump;

import java.util.Arrays;
import java.util.List;

/**
 * {@link Heap#intactTreeMap} over a dump: reads a plain {@code TreeMap}'s entries in place, each one's {@code key},
 * {@code value}, {@code left}, {@code right}, {@code parent} and {@code color} at their offsets in the mapped file,
 * with no handle or record per entry. It only ever answers "intact": at the first thing it does not expect (an entry
 * met twice, a parent link that does not point back, a red root or a root with a parent, a red entry with a red
 * child, unequal black heights, a count that differs from {@code size}, keys out of order, an odd class, a reference
 * the dump does not hold) it answers null, and heap-model's {@code TreeMapChecker} reads the map entry by entry and
 * names the damage.
 */
final class IntactTreeMaps {

    /** Maps with more entries are left to the checks, as for hash maps. */
    static final int MAX_ENTRIES = IntactHashMaps.MAX_ENTRIES;

    private record MapLayout(ClassInfo cls, int root, int size, int modCount, int comparator) {
    }

    private record EntryLayout(ClassInfo cls, int key, int value, int left, int right, int parent, int color) {
    }

    private final HprofDump dump;
    private final DumpHeap heap;
    private final MapLayout map;
    private final EntryLayout entry;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    IntactTreeMaps(HprofDump dump, DumpHeap heap) {
        this.dump = dump;
        this.heap = heap;
        this.map = mapLayout(dump.classByName("java.util.TreeMap"));
        this.entry = entryLayout(dump.classByName("java.util.TreeMap$Entry"));
    }

    private static MapLayout mapLayout(ClassInfo c) {
        if (c == null) {
            return null;
        }
        int root = IntactHashMaps.offset(c, "java.util.TreeMap#root", true);
        int size = IntactHashMaps.offset(c, "java.util.TreeMap#size", false);
        int modCount = IntactHashMaps.offset(c, "java.util.TreeMap#modCount", false);
        int comparator = IntactHashMaps.offset(c, "java.util.TreeMap#comparator", true);
        if (root < 0 || size < 0 || modCount < 0 || comparator < 0) {
            return null;
        }
        return new MapLayout(c, root, size, modCount, comparator);
    }

    private static EntryLayout entryLayout(ClassInfo c) {
        if (c == null) {
            return null;
        }
        int key = IntactHashMaps.offset(c, "key", true);
        int value = IntactHashMaps.offset(c, "value", true);
        int left = IntactHashMaps.offset(c, "left", true);
        int right = IntactHashMaps.offset(c, "right", true);
        int parent = IntactHashMaps.offset(c, "parent", true);
        ClassInfo.Field color = c.field("color");
        if (key < 0 || value < 0 || left < 0 || right < 0 || parent < 0 || color == null || !color.isBoolean()) {
            return null;
        }
        return new EntryLayout(c, key, value, left, right, parent, color.offset());
    }

    /** See {@link Heap#intactTreeMap}. */
    IntactTreeMap read(DumpHeap.DumpObj obj, int maxEntries) {
        MapLayout m = map;
        EntryLayout el = entry;
        if (m == null || el == null || obj.cls() != m.cls() || obj.pos() < 0) {
            return null; // a subclass, or a dump without these classes: entry by entry
        }
        long v = dump.valuesAt(obj.pos(), m.cls());
        if (v < 0) {
            return null;
        }
        long root = dump.idAtByte(v + m.root());
        int size = dump.intAtByte(v + m.size());
        int modCount = dump.intAtByte(v + m.modCount());
        boolean naturalOrder = dump.idAtByte(v + m.comparator()) == 0;
        if (size < 0 || size > Math.min(maxEntries, MAX_ENTRIES) || root == 0 && size != 0) {
            return null;
        }
        Scratch s = scratch.get();
        s.reset(size);
        if (root != 0) {
            // the checker's walk: a stack from the root, each entry's left then right child pushed
            s.push(root, -1, false);
            while (s.top > 0) {
                s.top--;
                long cur = s.stack[s.top];
                int parent = s.stackParent[s.top];
                boolean right = s.stackRight[s.top];
                if (s.n >= size || s.indexOf(cur) >= 0) {
                    return null; // more entries than the size says, or a loop
                }
                int o = dump.ordinalOf(cur);
                if (o < 0 || dump.classOfOrdinal(o) != el.cls()) {
                    return null;
                }
                long ev = dump.valuesAt(dump.positionAt(o), el.cls());
                if (ev < 0) {
                    return null;
                }
                boolean black = dump.byteAt(ev + el.color()) != 0;
                long parentId = dump.idAtByte(ev + el.parent());
                if (parent < 0 ? parentId != 0 || !black
                        : parentId != s.id(parent) || !black && !s.black[parent]) {
                    return null;
                }
                int i = s.add(cur, dump.idAtByte(ev + el.key()), dump.idAtByte(ev + el.value()), black);
                if (parent >= 0) {
                    if (right) {
                        s.right[parent] = i;
                    } else {
                        s.left[parent] = i;
                    }
                }
                long l = dump.idAtByte(ev + el.left());
                long r = dump.idAtByte(ev + el.right());
                if (l != 0) {
                    s.push(l, i, false);
                }
                if (r != 0) {
                    s.push(r, i, true);
                }
            }
            if (!s.blackHeightsEqual() || naturalOrder && !inOrder(s)) {
                return null;
            }
        }
        if (s.n != size) {
            return null;
        }
        return new IntactTreeMap(size, modCount, heap.entries(s.keys, s.values, size));
    }

    /**
     * Keys never decrease along an in-order walk, as the checker compares them: String and number keys of one kind;
     * the walk stops, with no doubt raised, at the first key it cannot compare (a null key, or another type).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean inOrder(Scratch s) {
        int[] stack = s.order;
        int top = 0;
        int cur = 0; // the root is the first entry met
        Comparable previous = null;
        while (cur >= 0 || top > 0) {
            while (cur >= 0) {
                stack[top++] = cur;
                cur = s.left[cur];
            }
            int e = stack[--top];
            Heap.Obj key = s.keys[e] == 0 ? null : heap.wrap(s.keys[e]);
            Comparable k = key == null ? null : heap.comparable(key);
            if (k == null) {
                return true;
            }
            if (previous != null && previous.getClass() == k.getClass() && previous.compareTo(k) > 0) {
                return false;
            }
            previous = k;
            cur = s.right[e];
        }
        return true;
    }

    /** One reading thread's entry tables, reused from map to map. */
    private static final class Scratch {
        final NodeIds nodes = new NodeIds();
        long[] keys = new long[0];
        long[] values = new long[0];
        boolean[] black = new boolean[0];
        /** Places of each entry's children, -1 for none. */
        int[] left = new int[0];
        int[] right = new int[0];
        int[] height = new int[0];
        int[] order = new int[0];
        long[] stack = new long[1];
        int[] stackParent = new int[1];
        boolean[] stackRight = new boolean[1];
        int top;
        int n;

        void reset(int size) {
            n = 0;
            top = 0;
            nodes.reset(size);
            int c = nodes.capacity();
            if (keys.length < c) {
                keys = new long[c];
                values = new long[c];
                black = new boolean[c];
                left = new int[c];
                right = new int[c];
                height = new int[c];
                order = new int[c];
            }
        }

        /** Pushes an entry to visit (the stack grows as needed: a damaged tree may push more than its size). */
        void push(long id, int parent, boolean isRight) {
            if (top == stack.length) {
                int c = stack.length * 2;
                stack = Arrays.copyOf(stack, c);
                stackParent = Arrays.copyOf(stackParent, c);
                stackRight = Arrays.copyOf(stackRight, c);
            }
            stack[top] = id;
            stackParent[top] = parent;
            stackRight[top] = isRight;
            top++;
        }

        int indexOf(long id) {
            return nodes.indexOf(id);
        }

        long id(int place) {
            return nodes.at(place);
        }

        int add(long id, long key, long value, boolean isBlack) {
            int i = nodes.add(id);
            n++;
            keys[i] = key;
            values[i] = value;
            black[i] = isBlack;
            left[i] = -1;
            right[i] = -1;
            return i;
        }

        /** Every entry's subtrees hold as many black entries on each path (children come after their parent). */
        boolean blackHeightsEqual() {
            for (int i = n - 1; i >= 0; i--) {
                int lh = left[i] < 0 ? 0 : height[left[i]];
                int rh = right[i] < 0 ? 0 : height[right[i]];
                if (lh != rh) {
                    return false;
                }
                height[i] = lh + (black[i] ? 1 : 0);
            }
            return true;
        }
    }
}
