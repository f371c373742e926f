package io.maprace.heap;

import io.maprace.model.MapFamily;

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
 * @param inner for a set, the map inside it (its own object, reached through the set); else null
 * @param pins the entries read, kept while a defect awaits confirmation: defects name entries by their JDWP ids,
 *             and the target's agent hands out a new id for an object once maprace has let go of its mirror
 */
public record MapCheck(MapFamily kind, String type, int size, int capacity, int modCountBefore, int modCountAfter,
                int entries, boolean complete, boolean accessOrder, int treeBins, List<Defect> defects,
                List<KeyValue> contents, long nanos, List<Heap.Obj> pins, Heap.Obj inner) {

    MapCheck(MapFamily kind, String type, int size, int capacity, int modCountBefore, int modCountAfter,
             int entries, boolean complete, boolean accessOrder, int treeBins, List<Defect> defects,
             List<KeyValue> contents, long nanos) {
        this(kind, type, size, capacity, modCountBefore, modCountAfter, entries, complete, accessOrder, treeBins,
                defects, contents, nanos, List.of(), null);
    }

    /** The same check, of the set that holds {@code map}. */
    MapCheck ofSetHolding(Heap.Obj map) {
        return new MapCheck(kind, type, size, capacity, modCountBefore, modCountAfter, entries, complete, accessOrder,
                treeBins, defects, contents, nanos, pins, map);
    }

    /** The same check holding on to {@code read} when it found defects (see {@link #pins}). */
    MapCheck pinning(java.util.Collection<Heap.Obj> read) {
        if (defects.isEmpty()) {
            return this;
        }
        return new MapCheck(kind, type, size, capacity, modCountBefore, modCountAfter, entries, complete, accessOrder,
                treeBins, defects, contents, nanos, List.copyOf(read), inner);
    }

    /** One entry's key and value (a set's element is the key). */
    public record KeyValue(Heap.Obj key, Heap.Obj value) {
    }

    static final int UNKNOWN = Integer.MIN_VALUE;

    boolean quiescent() {
        return modCountAfter != UNKNOWN && modCountBefore == modCountAfter;
    }

    /** The same check without its contents and the time it took, to keep to the end (see {@link SettledChecks}). */
    MapCheck settled() {
        return new MapCheck(kind, type, size, capacity, modCountBefore, modCountAfter, entries, complete, accessOrder,
                treeBins, defects, List.of(), 0, pins, inner);
    }

    /** The same check without the contents, to keep once the walk has gone through them. */
    MapCheck withoutContents() {
        return new MapCheck(kind, type, size, capacity, modCountBefore, modCountAfter, entries, complete, accessOrder,
                treeBins, defects, List.of(), nanos, pins, inner);
    }
}
