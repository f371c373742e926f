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
 * @param modCountAfter {@code modCount} when it ended: a difference means the map was written meanwhile
 * @param entries entries reachable from the table or tree
 * @param complete false when the walk stopped at its budget (then {@code entries} is a lower bound)
 * @param accessOrder a LinkedHashMap in access order (an LRU: every get() is a write)
 * @param treeBins bins that are red-black trees
 * @param keys keys met, for the walk to continue through (not printed unless asked)
 * @param values values met
 */
record MapCheck(MapKind kind, String type, int size, int capacity, int modCountBefore, int modCountAfter,
                int entries, boolean complete, boolean accessOrder, int treeBins, List<Defect> defects,
                List<Heap.Obj> keys, List<Heap.Obj> values, long nanos) {

    boolean quiescent() {
        return modCountBefore == modCountAfter;
    }
}
