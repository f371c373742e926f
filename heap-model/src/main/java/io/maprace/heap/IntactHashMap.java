package io.maprace.heap;

import java.util.List;

/**
 * A plain {@code HashMap} or {@code LinkedHashMap} (or the map of a {@code HashSet}) that a source read in one go and
 * found intact beyond doubt ({@link Heap#intactHashMap}): what {@link HashMapChecker} would report of it, with no
 * defect.
 *
 * @param size the {@code size} field, equal to the entries reachable from the table
 * @param capacity the table's length, or -1 when the map has no table
 * @param modCount the {@code modCount} field
 * @param accessOrder a LinkedHashMap in access order
 * @param contents the entries' keys and values, in the order of the table's bins and chains (null for a null key),
 *                 the check's own list
 */
public record IntactHashMap(int size, int capacity, int modCount, boolean accessOrder,
                            List<MapCheck.KeyValue> contents) {

    public List<Heap.Obj> keys() {
        return contents.stream().map(MapCheck.KeyValue::key).toList();
    }

    public List<Heap.Obj> values() {
        return contents.stream().map(MapCheck.KeyValue::value).toList();
    }
}
