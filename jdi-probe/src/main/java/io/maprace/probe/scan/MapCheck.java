package io.maprace.probe.scan;

import java.util.List;

/**
 * What one read of a map's internals found.
 *
 * @param kind the map's family
 * @param type its runtime class
 * @param size the {@code size} field
 * @param capacity table length (hash maps), or -1
 * @param modCountBefore {@code modCount} when the read began
 * @param modCountAfter {@code modCount} when it ended (a difference means the map was written meanwhile), or
 *                      {@link #UNKNOWN} when the check did not read it again
 * @param entries entries reachable from the table or tree
 * @param complete false when the walk stopped at its budget (then {@code entries} is a lower bound)
 * @param accessOrder a LinkedHashMap in access order (an LRU: every get() is a write)
 * @param treeBins bins that are red-black trees
 * @param contents keys and values met, for the walk to continue through (never printed unless asked)
 */
record MapCheck(MapKind kind, String type, int size, int capacity, int modCountBefore, int modCountAfter,
                int entries, boolean complete, boolean accessOrder, int treeBins, List<Defect> defects,
                List<KeyValue> contents, long nanos) {

    /** One entry's key and value (a set's element is the key). */
    record KeyValue(Heap.Obj key, Heap.Obj value) {
    }

    static final int UNKNOWN = Integer.MIN_VALUE;

    boolean quiescent() {
        return modCountAfter != UNKNOWN && modCountBefore == modCountAfter;
    }

    /** The same check without the contents, to keep once the walk has gone through them. */
    MapCheck withoutContents() {
        return new MapCheck(kind, type, size, capacity, modCountBefore, modCountAfter, entries, complete, accessOrder,
                treeBins, defects, List.of(), nanos);
    }
}
