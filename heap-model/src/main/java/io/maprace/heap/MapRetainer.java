package io.maprace.heap;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Keeps the handles of the maps that matter and lets go of the others. Every handle held is an object id the
 * target's JDWP agent keeps, and the target's GC processes, until maprace detaches: with a million maps that
 * lengthened the target's GC pauses a hundredfold. So the handles of damaged maps and of the leading
 * {@code capacity} maps by a first score are kept (for confirming, measuring writes, and for {@code watch});
 * the other maps are reported from what was read, without a handle.
 */
final class MapRetainer {

    private final int capacity;
    private final PriorityQueue<FoundMap> kept = new PriorityQueue<>(
            Comparator.comparingDouble(Ranking::provisional));

    MapRetainer(int capacity) {
        this.capacity = capacity;
    }

    /** Called once a map is checked. */
    synchronized void offer(FoundMap map) {
        MapCheck c = map.check;
        if (c != null && !c.defects().isEmpty()) {
            return;
        }
        kept.add(map);
        if (kept.size() > capacity) {
            kept.poll().obj = null;
        }
    }
}
