package io.maprace.heapdump.scan;

import io.maprace.heap.Heap;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells, in a dump, a WeakHashMap entry the dump's own GC cleared from one cleared long before and never enqueued.
 * {@code GC.heap_dump} collects and writes at one safepoint, so what that GC cleared is still on the VM's pending
 * list, which HotSpot links through {@code Reference.discovered}: every pending reference but the list's last
 * has a non-null {@code discovered}. An entry cleared, not enqueued, and not on that list is lost for good.
 */
final class PendingWeakEntries {

    private static final List<String> MAP_FIELDS = List.of("java.util.WeakHashMap#table",
            "java.util.WeakHashMap#queue");
    private static final List<String> ENTRY_FIELDS = List.of("java.lang.ref.Reference#referent",
            "java.lang.ref.Reference#queue", "java.lang.ref.Reference#discovered", "next");
    private static final int MAX_ENTRIES = 1_000_000;

    private PendingWeakEntries() {
    }

    /**
     * Entries of the map whose key is gone, never enqueued, and not on the pending list. One pending reference (the
     * list's last) cannot be told apart: callers treat a count of 1 as nothing.
     */
    static int lost(Heap heap, Heap.Obj map) {
        Map<String, Object> m = heap.read(map, MAP_FIELDS);
        if (!(m.get("java.util.WeakHashMap#table") instanceof Heap.Obj table)
                || !(m.get("java.util.WeakHashMap#queue") instanceof Heap.Obj queue)) {
            return 0;
        }
        int lost = 0;
        Set<Long> seen = new HashSet<>();
        int n = heap.length(table);
        for (int from = 0; from < n; from += 4096) {
            for (Heap.Obj head : heap.slice(table, from, Math.min(4096, n - from))) {
                for (Heap.Obj e = head; e != null && seen.add(e.id()) && seen.size() < MAX_ENTRIES; ) {
                    Map<String, Object> f = heap.read(e, ENTRY_FIELDS);
                    boolean cleared = f.get("java.lang.ref.Reference#referent") == null;
                    boolean ownQueue = f.get("java.lang.ref.Reference#queue") instanceof Heap.Obj q
                            && q.id() == queue.id();
                    if (cleared && ownQueue && f.get("java.lang.ref.Reference#discovered") == null) {
                        lost++;
                    }
                    e = f.get("next") instanceof Heap.Obj next ? next : null;
                }
            }
        }
        return lost;
    }
}
