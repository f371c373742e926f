package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code HashMap} or {@code LinkedHashMap} by reading its table and nodes, never by calling its methods:
 * {@code size} against the entries reachable from the table, loops in bins, entries in the wrong bucket or in two
 * bins, then the red-black trees of treeified bins ({@link TreeBinChecker}) and the before/after order list of a
 * LinkedHashMap ({@link LinkedOrderChecker}). Every loop is bounded by the set of nodes already seen, so a cycle
 * ends the walk with a finding.
 */
final class HashMapChecker {

    private static final String HM = "java.util.HashMap#";
    private static final String LHM = "java.util.LinkedHashMap#";

    /** The fields read first, one list each (a dump caches how a class lays them out per list). */
    private static final List<String> HEADER = List.of(HM + "table", HM + "size", HM + "modCount");
    private static final List<String> LINKED_HEADER = List.of(HM + "table", HM + "size", HM + "modCount",
            LHM + "head", LHM + "tail", LHM + "accessOrder");

    private HashMapChecker() {
    }

    static MapCheck check(CheckContext cx, Heap.Obj map, MapFamily kind, String type) {
        long start = System.nanoTime();
        Heap heap = cx.heap();
        boolean linked = kind == MapFamily.LINKED_HASH_MAP || kind == MapFamily.LINKED_HASH_SET;
        MapCheck quick = intact(cx, map, kind, type, linked, start);
        if (quick != null) {
            return quick;
        }
        List<String> header = linked ? LINKED_HEADER : HEADER;
        Object[] h = heap.readInOrder(map, header); // in the order of LINKED_HEADER, which HEADER begins
        Heap.Obj table = CheckContext.objOf(h[0]);
        int size = CheckContext.intOf(h[1]);
        int modCount = CheckContext.intOf(h[2]);
        boolean accessOrder = linked && CheckContext.boolOf(h[5]);
        List<Defect> defects = new ArrayList<>();
        if (size < 0) {
            defects.add(new Defect("negative-size", "size is " + size, true, "size"));
        }
        NodeMap nodes = new NodeMap();
        int capacity = -1;
        boolean[] complete = {true};
        int[] treeBins = {0};
        if (table == null) {
            if (size > 0) {
                defects.add(new Defect("no-table", "size is " + size + " but the map has no table", true, "table"));
            }
        } else {
            int n = heap.length(table);
            capacity = n;
            if (n == 0 || (n & (n - 1)) != 0) {
                defects.add(new Defect("table-length", "the table has " + n + " slots, not a power of two", true,
                        "table"));
            }
            List<HashNode> bin = new ArrayList<>(); // one bin at a time: each starts with it empty
            complete[0] = cx.forEachSlot(table, n, (i, head) -> {
                if (head == null) {
                    return true;
                }
                bin.clear();
                boolean ok = walkBin(cx, i, n, head, nodes, bin, defects);
                if (!bin.isEmpty() && bin.get(0).treeNode()) {
                    treeBins[0]++;
                    TreeBinChecker.check(i, bin, nodes, defects);
                }
                return ok;
            });
        }
        if (complete[0] && nodes.size() != size && size >= 0) {
            defects.add(new Defect(Defect.SIZE_MISMATCH, "size is " + size + " but the table holds " + nodes.size()
                    + " entries", false, "delta " + (size - nodes.size())));
        }
        List<Heap.Obj> read = new ArrayList<>();
        if (linked && complete[0]) {
            LinkedOrderChecker.check(cx, CheckContext.objOf(h[3]), CheckContext.objOf(h[4]), nodes, defects, read);
        }
        int modCountAfter = cx.modCountAfter(map, HM + "modCount");
        List<MapCheck.KeyValue> contents = new ArrayList<>(nodes.size());
        boolean pin = !defects.isEmpty(); // only a check that found defects keeps what it read
        for (HashNode node : nodes.values()) {
            contents.add(new MapCheck.KeyValue(node.key(), node.value()));
            if (pin) {
                read.add(node.self());
            }
        }
        return new MapCheck(kind, type, size, capacity, modCount, modCountAfter, nodes.size(), complete[0],
                accessOrder, treeBins[0], dedupe(defects), contents, System.nanoTime() - start).pinning(read);
    }

    /**
     * The check of a map the heap read in one go and found intact ({@link Heap#intactHashMap}), counting its entries
     * as read as the walk below would; null when the heap cannot tell, or its entries would pass the scan's limit
     * (the walk below then stops where the limit falls).
     */
    private static MapCheck intact(CheckContext cx, Heap.Obj map, MapFamily kind, String type, boolean linked,
                                   long start) {
        IntactHashMap m = cx.heap().intactHashMap(map, linked, cx.maxEntries());
        if (m == null || !cx.budget().hasRoomFor(m.size())) {
            return null;
        }
        cx.budget().take(m.size());
        int modCountAfter = cx.modCountAfter(map, HM + "modCount");
        return new MapCheck(kind, type, m.size(), m.capacity(), m.modCount(), modCountAfter, m.size(), true,
                m.accessOrder(), 0, List.of(), m.contents(), System.nanoTime() - start);
    }

    /**
     * Follows one bin's {@code next} chain. A node seen before in this bin is a loop; one seen in another bin is
     * shared by two bins; both end the walk of the bin.
     *
     * @return false when the map's entry budget is spent
     */
    private static boolean walkBin(CheckContext cx, int index, int n, Heap.Obj head, NodeMap nodes,
                                   List<HashNode> bin, List<Defect> defects) {
        // the ids of this bin's nodes are those of bin; a set of them only once the bin is long
        Set<Long> inBin = null;
        Heap.Obj cur = head;
        while (cur != null) {
            long id = cur.id();
            if (inBin == null && bin.size() >= SHORT_BIN) {
                inBin = new HashSet<>();
                for (HashNode b : bin) {
                    inBin.add(b.id());
                }
            }
            if (inBin != null ? inBin.contains(id) : inShortBin(bin, id)) {
                boolean tree = !bin.isEmpty() && bin.get(0).treeNode();
                defects.add(new Defect("bin-cycle", "the chain of bin " + index + " loops back to an entry after "
                        + bin.size() + " entries: a get() or put() of a key that falls in this bin never returns",
                        !tree, "bin " + index + " node " + id));
                return true;
            }
            HashNode seen = nodes.get(id);
            if (seen != null) {
                defects.add(new Defect("shared-entry", "an entry of bin " + index + " is also linked from another bin"
                        + cx.keyNote(seen.key()), true, "bin " + index + " node " + id));
                return true;
            }
            if (nodes.size() >= cx.maxEntries() || !cx.budget().take(1)) {
                return false;
            }
            HashNode node;
            try {
                node = HashNode.read(cx.heap(), cur);
            } catch (Heap.ObjectGoneException e) {
                // removed and collected while we walked: the map is being written; the read is not a snapshot
                return true;
            } catch (RuntimeException e) {
                if (!cx.heapGone().test(e)) {
                    throw e;
                }
                // the target exited inside this map: the entries read so far are what the report says of it
                return false;
            }
            if (inBin != null) {
                inBin.add(id);
            }
            nodes.put(id, node);
            bin.add(node);
            if (n > 0 && ((n - 1) & node.hash()) != index) {
                defects.add(new Defect("wrong-bucket", "an entry with hash 0x" + Integer.toHexString(node.hash())
                        + " sits in bin " + index + " but belongs in bin " + ((n - 1) & node.hash())
                        + cx.keyNote(node.key()) + ": get() of its key looks in the other bin and misses it",
                        true, "bin " + index + " node " + id));
            }
            cur = node.next();
        }
        return true;
    }

    /** Bins shorter than this are searched for a node seen before; longer ones keep a set of their ids. */
    private static final int SHORT_BIN = 8;

    private static boolean inShortBin(List<HashNode> bin, long id) {
        for (int i = 0; i < bin.size(); i++) {
            if (bin.get(i).id() == id) {
                return true;
            }
        }
        return false;
    }

    /** One finding per defect kind and place is enough; keeps the report short on a badly broken map. */
    static List<Defect> dedupe(List<Defect> defects) {
        if (defects.isEmpty()) {
            return List.of();
        }
        Map<String, Defect> byKey = new LinkedHashMap<>();
        Map<String, Integer> perCheck = new HashMap<>();
        for (Defect d : defects) {
            if (byKey.containsKey(d.key())) {
                continue;
            }
            int n = perCheck.merge(d.check(), 1, Integer::sum);
            if (n <= 5) {
                byKey.put(d.key(), d);
            }
        }
        return List.copyOf(byKey.values());
    }
}
