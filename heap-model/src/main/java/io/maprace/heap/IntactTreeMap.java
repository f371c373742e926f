package io.maprace.heap;

import java.util.List;

/**
 * A plain {@code TreeMap} (or the map of a {@code TreeSet}) that a source read in one go and found intact beyond doubt
 * ({@link Heap#intactTreeMap}): what {@link TreeMapChecker} would report of it, with no defect.
 *
 * @param size the {@code size} field, equal to the entries reachable from the root
 * @param modCount the {@code modCount} field
 * @param contents the entries' keys and values, in the order {@link TreeMapChecker} meets them (null for a null key),
 *                 the check's own list
 */
public record IntactTreeMap(int size, int modCount, List<MapCheck.KeyValue> contents) {

    public List<Heap.Obj> keys() {
        return contents.stream().map(MapCheck.KeyValue::key).toList();
    }

    public List<Heap.Obj> values() {
        return contents.stream().map(MapCheck.KeyValue::value).toList();
    }
}
