package io.maprace.heap;

import java.util.List;

/**
 * A plain {@code TreeMap} (or the map of a {@code TreeSet}) that a source read in one go and found intact beyond doubt
 * ({@link Heap#intactTreeMap}): what {@link TreeMapChecker} would report of it, with no defect.
 *
 * @param size the {@code size} field, equal to the entries reachable from the root
 * @param modCount the {@code modCount} field
 * @param keys the entries' keys, in the order {@link TreeMapChecker} meets them (null for a null key)
 * @param values their values, in the same order
 */
public record IntactTreeMap(int size, int modCount, List<Heap.Obj> keys, List<Heap.Obj> values) {
}
