package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an {@code IdentityHashMap}: one array of alternating keys and values with linear probing. The map keeps
 * at least one slot free; a table with none makes every lookup of a missing key probe forever. Also the count of
 * keys against {@code size}, and a key stored twice.
 */
final class IdentityHashMapChecker {

    private static final String IHM = "java.util.IdentityHashMap#";

    private IdentityHashMapChecker() {
    }

    static MapCheck check(CheckContext cx, Heap.Obj map, String type) {
        long start = System.nanoTime();
        Heap heap = cx.heap();
        Map<String, Object> h = heap.read(map, List.of(IHM + "table", IHM + "size", IHM + "modCount"));
        Heap.Obj table = CheckContext.objOf(h.get(IHM + "table"));
        int size = CheckContext.intOf(h.get(IHM + "size"));
        int modCount = CheckContext.intOf(h.get(IHM + "modCount"));
        List<Defect> defects = new ArrayList<>();
        if (size < 0) {
            defects.add(new Defect("negative-size", "size is " + size, true, "size"));
        }
        List<Heap.Obj> keys = new ArrayList<>();
        List<MapCheck.KeyValue> contents = new ArrayList<>();
        Set<Long> keyIds = new HashSet<>();
        int[] free = {0};
        int[] duplicates = {0};
        int capacity = -1;
        boolean complete = true;
        if (table != null) {
            int n = heap.length(table);
            capacity = n / 2;
            if (n < 2 || (n & (n - 1)) != 0) {
                defects.add(new Defect("table-length", "the table has " + n + " slots, not a power of two", true,
                        "table"));
            }
            complete = cx.forEachSlot(table, n, (i, slot) -> {
                if ((i & 1) == 0) {
                    if (slot == null) {
                        free[0]++;
                    } else {
                        if (!keyIds.add(slot.id())) {
                            duplicates[0]++;
                        }
                        keys.add(slot);
                    }
                } else if (!keys.isEmpty() && contents.size() < keys.size()) {
                    contents.add(new MapCheck.KeyValue(keys.get(keys.size() - 1), slot));
                }
                return keys.size() < cx.maxEntries() && cx.budget().take((i & 1) == 0 && slot != null ? 1 : 0);
            });
            if (complete && free[0] == 0 && n >= 2) {
                defects.add(new Defect("table-full", "every slot of the table is taken: get(), put() or remove() of a "
                        + "key that is not in the map probes forever", true, "table"));
            }
        }
        if (duplicates[0] > 0) {
            defects.add(new Defect("duplicate-key", duplicates[0] + " keys are stored in two slots", false,
                    "duplicates " + duplicates[0]));
        }
        if (complete && keys.size() != size && size >= 0) {
            defects.add(new Defect(Defect.SIZE_MISMATCH, "size is " + size + " but the table holds " + keys.size()
                    + " keys", false, "delta " + (size - keys.size())));
        }
        int modCountAfter = cx.modCountAfter(map, IHM + "modCount");
        return new MapCheck(MapFamily.IDENTITY_HASH_MAP, type, size, capacity, modCount, modCountAfter, keys.size(),
                complete, false, 0, defects, contents, System.nanoTime() - start);
    }
}
