package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code WeakHashMap}: bins as in a HashMap, and entries whose key was collected. Such an entry is normal
 * while it waits in the map's reference queue; one that was already taken off the queue (its {@code queue} is
 * {@code ReferenceQueue.NULL}) but is still in the table can never be expunged: the leak a race between two
 * expunging threads leaves behind.
 */
final class WeakHashMapChecker {

    private static final String WHM = "java.util.WeakHashMap#";
    private static final List<String> ENTRY_FIELDS = List.of("hash", "value", "next", "java.lang.ref.Reference#referent",
            "java.lang.ref.Reference#queue");

    /** Only lasting damage if it lasts longer than the reference handler takes: re-read after a longer gap. */
    static final String NOT_ENQUEUED = "stale-entry-not-enqueued";

    private WeakHashMapChecker() {
    }

    static MapCheck check(CheckContext cx, Heap.Obj map, String type) {
        long start = System.nanoTime();
        Heap heap = cx.heap();
        Map<String, Object> h = heap.read(map, List.of(WHM + "table", WHM + "size", WHM + "modCount",
                WHM + "queue"));
        long ownQueue = CheckContext.idOf(CheckContext.objOf(h.get(WHM + "queue")));
        Heap.Obj table = CheckContext.objOf(h.get(WHM + "table"));
        int size = CheckContext.intOf(h.get(WHM + "size"));
        int modCount = CheckContext.intOf(h.get(WHM + "modCount"));
        Heap.Obj dequeued = heap.staticValue("java.lang.ref.ReferenceQueue", "NULL");
        if (dequeued == null) {
            dequeued = heap.staticValue("java.lang.ref.ReferenceQueue", "NULL_QUEUE");
        }
        long dequeuedId = CheckContext.idOf(dequeued);
        List<Defect> defects = new ArrayList<>();
        if (size < 0) {
            defects.add(new Defect("negative-size", "size is " + size, true, "size"));
        }
        Set<Long> seen = new HashSet<>();
        List<MapCheck.KeyValue> contents = new ArrayList<>();
        List<Heap.Obj> read = new ArrayList<>();
        int[] leaked = {0};
        int[] neverEnqueued = {0};
        int capacity = -1;
        boolean complete = true;
        if (table != null) {
            int n = heap.length(table);
            capacity = n;
            complete = cx.forEachSlot(table, n, (i, head) -> {
                Set<Long> inBin = new HashSet<>();
                Heap.Obj cur = head;
                while (cur != null) {
                    if (inBin.contains(cur.id())) {
                        defects.add(new Defect("bin-cycle", "the chain of bin " + i + " loops: get(), put() and "
                                + "the expunging of stale entries in this bin never end", true, "bin " + i + " node "
                                + cur.id()));
                        return true;
                    }
                    if (seen.contains(cur.id())) {
                        defects.add(new Defect("shared-entry", "an entry of bin " + i + " is also linked from "
                                + "another bin", true, "bin " + i + " node " + cur.id()));
                        return true;
                    }
                    if (seen.size() >= cx.maxEntries() || !cx.budget().take(1)) {
                        return false;
                    }
                    Map<String, Object> e;
                    try {
                        e = heap.read(cur, ENTRY_FIELDS);
                    } catch (Heap.ObjectGoneException gone) {
                        return true;
                    }
                    inBin.add(cur.id());
                    seen.add(cur.id());
                    read.add(cur);
                    int hash = CheckContext.intOf(e.get("hash"));
                    Heap.Obj key = CheckContext.objOf(e.get("java.lang.ref.Reference#referent"));
                    Heap.Obj queue = CheckContext.objOf(e.get("java.lang.ref.Reference#queue"));
                    if (n > 0 && ((n - 1) & hash) != i) {
                        defects.add(new Defect("wrong-bucket", "an entry with hash 0x" + Integer.toHexString(hash)
                                + " sits in bin " + i + " but belongs in bin " + ((n - 1) & hash), true,
                                "bin " + i + " node " + cur.id()));
                    }
                    if (key == null && dequeuedId != 0 && CheckContext.idOf(queue) == dequeuedId) {
                        leaked[0]++;
                    } else if (key == null && ownQueue != 0 && CheckContext.idOf(queue) == ownQueue) {
                        // Cleared but not (yet) enqueued: normal for the moment between a GC and the reference
                        // handler thread; lasting, it was cleared without enqueueing and is never expunged.
                        neverEnqueued[0]++;
                    }
                    contents.add(new MapCheck.KeyValue(key, CheckContext.objOf(e.get("value"))));
                    cur = CheckContext.objOf(e.get("next"));
                }
                return true;
            });
        }
        if (leaked[0] > 0) {
            defects.add(new Defect("stale-entry-leaked", leaked[0] + " entries whose key was collected were "
                    + "already taken off the reference queue but are still in the table: they are counted in "
                    + "size() and never expunged", false, "dequeued " + leaked[0]));
        }
        if (neverEnqueued[0] > 0) {
            defects.add(new Defect(NOT_ENQUEUED, neverEnqueued[0] + " entries whose key is gone were never put on "
                    + "the map's reference queue: they are counted in size() and never expunged", false,
                    "never enqueued " + neverEnqueued[0]));
        }
        if (complete && seen.size() != size && size >= 0) {
            defects.add(new Defect(Defect.SIZE_MISMATCH, "size is " + size + " but the table holds " + seen.size()
                    + " entries", false, "delta " + (size - seen.size())));
        }
        int modCountAfter = cx.modCountAfter(map, WHM + "modCount");
        return new MapCheck(MapFamily.WEAK_HASH_MAP, type, size, capacity, modCount, modCountAfter, seen.size(),
                complete, false, 0, HashMapChecker.dedupe(defects), contents, System.nanoTime() - start).pinning(read);
    }
}
