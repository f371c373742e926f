package io.maprace.heap;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the before/after list of a {@code LinkedHashMap} against its table and its {@code head}/{@code tail}:
 * the list an LRU cache evicts from. A race cuts it (eviction stops, the cache grows without bound) or closes it
 * into a loop (iteration never ends).
 */
final class LinkedOrderChecker {

    private LinkedOrderChecker() {
    }

    /** @param read collects the entries read here that are not in the table (to pin them, see MapCheck) */
    static void check(CheckContext cx, Heap.Obj head, Heap.Obj tail, NodeMap tableNodes,
                      List<Defect> defects, List<Heap.Obj> read) {
        Set<Long> seen = new HashSet<>();
        // Which entries, not how many: on a map written while it is read, some entry is always between the table
        // and the list, a different one on each read; damage is the same entries on every read.
        TreeSet<Long> orphans = new TreeSet<>();
        HashNode prev = null;
        Heap.Obj cur = head;
        int bound = tableNodes.size() + 64;
        while (cur != null) {
            if (!seen.add(cur.id())) {
                defects.add(new Defect("order-cycle", "the insertion/access order list loops back after "
                        + (seen.size()) + " entries: iterating the map (or an LRU's eviction) never ends", false,
                        "order node " + cur.id()));
                return;
            }
            HashNode node = tableNodes.get(cur.id());
            if (node == null) {
                orphans.add(cur.id());
                if (seen.size() > bound || !cx.budget().take(1)) {
                    return;
                }
                try {
                    node = HashNode.read(cx.heap(), cur);
                } catch (Heap.ObjectGoneException e) {
                    return;
                }
                read.add(cur);
            }
            if (CheckContext.idOf(node.before()) != (prev == null ? 0 : prev.id())) {
                defects.add(new Defect("order-broken", "entry " + (seen.size() - 1) + " of the order list has a "
                        + "before link that does not point to the entry before it", false, "order node " + cur.id()));
            }
            prev = node;
            cur = node.after();
        }
        if (CheckContext.idOf(tail) != (prev == null ? 0 : prev.id())) {
            defects.add(new Defect("order-tail", "the order list ends at an entry that is not the map's tail: "
                    + "entries appended after the cut are lost to iteration and eviction", false, "order end "
                    + (prev == null ? 0 : prev.id()) + " tail " + CheckContext.idOf(tail)));
        }
        if (!orphans.isEmpty()) {
            defects.add(new Defect("order-orphan", orphans.size() + " entries of the order list are not in the table: "
                    + "removed entries still linked", false, "order orphans " + firstIds(orphans)));
        }
        TreeSet<Long> missing = new TreeSet<>();
        for (HashNode node : tableNodes.values()) {
            if (!seen.contains(node.id())) {
                missing.add(node.id());
            }
        }
        if (!missing.isEmpty()) {
            defects.add(new Defect("order-missing", missing.size() + " entries of the table are not in the order list: "
                    + "iteration skips them and an LRU never evicts them", false, "order missing "
                    + firstIds(missing)));
        }
    }

    /** The first few ids of {@code ids}: what names the entries of a defect from one read to the next. */
    private static String firstIds(SortedSet<Long> ids) {
        return ids.stream().limit(8).map(String::valueOf).collect(Collectors.joining(","));
    }
}
