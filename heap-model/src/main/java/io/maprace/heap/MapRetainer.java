package io.maprace.heap;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Keeps the handles of the maps that matter and lets go of the others. Every handle held is an object id the
 * target's JDWP agent keeps, and the target's GC processes, until maprace detaches: with a million maps that
 * lengthened the target's GC pauses a hundredfold. So the handles of damaged maps and of the leading
 * {@code capacity} maps by a first score are kept (for confirming, measuring writes, and for {@code watch});
 * the other maps are reported from what was read, without a handle.
 *
 * <p>Once the queue is full, a map scoring no higher than the least one kept is let go without taking the lock:
 * the reading threads offer every map met (a million in a dump of small maps), and nearly all of them end there.
 */
final class MapRetainer {

    private final int capacity;
    private final PriorityQueue<FoundMap> kept = new PriorityQueue<>(
            Comparator.comparingDouble(Ranking::provisional));
    /**
     * The least score kept once the queue is full, else negative infinity. It only rises, so a stale read lets
     * a map through to the lock, never lets go of one the queue would keep.
     */
    private volatile double floor = Double.NEGATIVE_INFINITY;

    MapRetainer(int capacity) {
        this.capacity = capacity;
    }

    /** Called once a map is checked. */
    void offer(FoundMap map) {
        MapCheck c = map.check;
        if (c != null && !c.defects().isEmpty()) {
            return;
        }
        double score = Ranking.provisional(map);
        if (score <= floor) {
            map.obj = null;
            return;
        }
        synchronized (this) {
            kept.add(map);
            if (kept.size() > capacity) {
                kept.poll().obj = null;
                floor = Ranking.provisional(kept.peek());
            }
        }
    }
}
