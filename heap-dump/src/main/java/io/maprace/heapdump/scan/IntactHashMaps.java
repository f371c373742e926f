package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;
import io.maprace.heap.IntactHashMap;
import io.maprace.heapdump.hprof.ClassInfo;
import io.maprace.heapdump.hprof.HprofDump;

import java.util.List;

/**
 * {@link Heap#intactHashMap} over a dump: reads a plain {@code HashMap}'s or {@code LinkedHashMap}'s table and nodes in
 * place, each node's {@code hash}, {@code key}, {@code value}, {@code next} (and {@code before}, {@code after}) at
 * their offsets in the mapped file, with no handle, record or boxed value per node: most maps of a large heap are
 * small and intact, and reading them field by field was most of a dump scan's time. It only ever answers "intact":
 * at the first thing it does not expect (a tree bin, a node met twice, an entry in another bin, a count that differs,
 * an order list that strays from the table, an odd class, a reference the dump does not hold) it answers null, and
 * heap-model's checks read the map field by field and name the damage.
 */
final class IntactHashMaps {

    /** Maps with more entries are left to the checks: they are few, and the fast path's tables stay small. */
    static final int MAX_ENTRIES = 4096;

    /** Where a map class keeps what the check reads (offsets from the start of its field values). */
    private record MapLayout(ClassInfo cls, int table, int size, int modCount, int head, int tail, int accessOrder) {
    }

    /** Where a node class keeps its links. */
    private record NodeLayout(ClassInfo cls, int hash, int key, int value, int next, int before, int after) {
    }

    private final HprofDump dump;
    private final DumpHeap heap;
    private final int idSize;
    private final MapLayout plain;
    private final MapLayout linked;
    private final NodeLayout node;
    private final NodeLayout entry;
    /** The class of a table ({@code HashMap$Node[]}), or null. */
    private final ClassInfo tableClass;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    IntactHashMaps(HprofDump dump, DumpHeap heap) {
        this.dump = dump;
        this.heap = heap;
        this.idSize = dump.idSize();
        this.plain = mapLayout(dump.classByName("java.util.HashMap"), false);
        this.linked = mapLayout(dump.classByName("java.util.LinkedHashMap"), true);
        this.node = nodeLayout(dump.classByName("java.util.HashMap$Node"), false);
        this.entry = nodeLayout(dump.classByName("java.util.LinkedHashMap$Entry"), true);
        this.tableClass = dump.classByName("java.util.HashMap$Node[]");
    }

    private static MapLayout mapLayout(ClassInfo c, boolean linked) {
        if (c == null) {
            return null;
        }
        int table = offset(c, "java.util.HashMap#table", true);
        int size = offset(c, "java.util.HashMap#size", false);
        int modCount = offset(c, "java.util.HashMap#modCount", false);
        if (table < 0 || size < 0 || modCount < 0) {
            return null;
        }
        if (!linked) {
            return new MapLayout(c, table, size, modCount, -1, -1, -1);
        }
        int head = offset(c, "java.util.LinkedHashMap#head", true);
        int tail = offset(c, "java.util.LinkedHashMap#tail", true);
        ClassInfo.Field order = c.field("java.util.LinkedHashMap#accessOrder");
        if (head < 0 || tail < 0 || order == null || !order.isBoolean()) {
            return null;
        }
        return new MapLayout(c, table, size, modCount, head, tail, order.offset());
    }

    private static NodeLayout nodeLayout(ClassInfo c, boolean linked) {
        if (c == null) {
            return null;
        }
        int hash = offset(c, "hash", false);
        int key = offset(c, "key", true);
        int value = offset(c, "value", true);
        int next = offset(c, "next", true);
        int before = linked ? offset(c, "before", true) : 0;
        int after = linked ? offset(c, "after", true) : 0;
        if (hash < 0 || key < 0 || value < 0 || next < 0 || before < 0 || after < 0) {
            return null;
        }
        return new NodeLayout(c, hash, key, value, next, before, after);
    }

    /** The offset of a field of the expected kind (a reference, or an int), or -1. */
    static int offset(ClassInfo c, String spec, boolean reference) {
        ClassInfo.Field f = c.field(spec);
        if (f == null || f.isReference() != reference
                || !reference && !f.isInt()) {
            return -1;
        }
        return f.offset();
    }

    /** See {@link Heap#intactHashMap}. */
    IntactHashMap read(DumpHeap.DumpObj map, boolean isLinked, int maxEntries) {
        MapLayout m = isLinked ? linked : plain;
        NodeLayout nl = isLinked ? entry : node;
        if (m == null || nl == null || map.cls() != m.cls() || map.pos() < 0) {
            return null; // a subclass, or a dump without these classes: field by field
        }
        long v = dump.valuesAt(map.pos(), m.cls());
        if (v < 0) {
            return null;
        }
        long table = dump.idAtByte(v + m.table());
        int size = dump.intAtByte(v + m.size());
        int modCount = dump.intAtByte(v + m.modCount());
        if (size < 0 || size > Math.min(maxEntries, MAX_ENTRIES)) {
            return null;
        }
        Scratch s = scratch.get();
        s.reset(size);
        int capacity = -1;
        if (table == 0) {
            if (size != 0) {
                return null;
            }
        } else {
            int t = dump.ordinalOf(table);
            ClassInfo tc = t < 0 ? null : dump.classOfOrdinal(t);
            if (tc == null || tc != tableClass && !tc.name().endsWith("[]")) {
                return null;
            }
            long tp = dump.positionAt(t);
            int n = dump.objectArrayLength(tp);
            if (n <= 0 || (n & (n - 1)) != 0) {
                return null;
            }
            capacity = n;
            long base = dump.elementsStart(tp);
            for (int i = 0; i < n; i++) {
                for (long cur = dump.idAtByte(base + (long) i * idSize); cur != 0; ) {
                    // more nodes than the size says (a loop would be one): the checks tell which
                    if (s.n >= size || s.indexOf(cur) >= 0) {
                        return null;
                    }
                    int o = dump.ordinalOf(cur);
                    if (o < 0 || dump.classOfOrdinal(o) != nl.cls()) {
                        return null; // a tree bin, or a node the dump does not hold
                    }
                    long nv = dump.valuesAt(dump.positionAt(o), nl.cls());
                    if (nv < 0 || ((n - 1) & dump.intAtByte(nv + nl.hash())) != i) {
                        return null;
                    }
                    s.add(cur, dump.idAtByte(nv + nl.key()), dump.idAtByte(nv + nl.value()),
                            isLinked ? dump.idAtByte(nv + nl.before()) : 0,
                            isLinked ? dump.idAtByte(nv + nl.after()) : 0);
                    cur = dump.idAtByte(nv + nl.next());
                }
            }
        }
        if (s.n != size) {
            return null;
        }
        boolean accessOrder = false;
        if (isLinked) {
            accessOrder = dump.byteAt(v + m.accessOrder()) != 0;
            if (!s.orderListIsTheTable(dump.idAtByte(v + m.head()), dump.idAtByte(v + m.tail()))) {
                return null;
            }
        }
        return new IntactHashMap(size, capacity, modCount, accessOrder, heap.entries(s.keys, s.values, size));
    }

    /** One reading thread's node tables, reused from map to map. */
    private static final class Scratch {
        final NodeIds nodes = new NodeIds();
        long[] keys = new long[0];
        long[] values = new long[0];
        long[] before = new long[0];
        long[] after = new long[0];
        /** Nodes of the order list met, by place (see {@link #orderListIsTheTable}). */
        boolean[] listed = new boolean[0];
        int n;

        void reset(int size) {
            n = 0;
            nodes.reset(size);
            int c = nodes.capacity();
            if (keys.length < c) {
                keys = new long[c];
                values = new long[c];
                before = new long[c];
                after = new long[c];
                listed = new boolean[c];
            }
        }

        int indexOf(long id) {
            return nodes.indexOf(id);
        }

        void add(long id, long key, long value, long before, long after) {
            int i = nodes.add(id);
            keys[i] = key;
            values[i] = value;
            this.before[i] = before;
            this.after[i] = after;
            listed[i] = false;
            n++;
        }

        /**
         * Whether the order list from {@code head} runs through every node of the table once, each {@code before}
         * pointing to the one before it, and ends at {@code tail}.
         */
        boolean orderListIsTheTable(long head, long tail) {
            long prev = 0;
            int count = 0;
            for (long cur = head; cur != 0; ) {
                int i = indexOf(cur);
                if (i < 0 || listed[i] || before[i] != prev) {
                    return false;
                }
                listed[i] = true;
                count++;
                prev = cur;
                cur = after[i];
            }
            return count == n && prev == tail;
        }
    }
}
