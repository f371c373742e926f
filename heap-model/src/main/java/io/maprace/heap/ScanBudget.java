package io.maprace.heap;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** How much a scan may read and for how long; the first limit reached cuts the walk, and the report says which. */
public final class ScanBudget {

    private final long maxObjects;
    private final long deadlineNanos;
    private final AtomicLong objects = new AtomicLong();
    private volatile String cutBy;

    ScanBudget(long maxObjects, Duration timeout) {
        this.maxObjects = maxObjects;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Counts {@code n} objects read; false once a limit is reached. */
    boolean take(long n) {
        long total = objects.addAndGet(n);
        if (total > maxObjects) {
            cut("limit");
            return false;
        }
        return !expired();
    }

    public boolean expired() {
        if (cutBy != null) {
            return true;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            cut("timeout");
            return true;
        }
        return false;
    }

    private void cut(String why) {
        if (cutBy == null) {
            cutBy = why;
        }
    }

    /** {@code limit}, {@code timeout}, or null when the walk was complete. */
    String cutBy() {
        return cutBy;
    }

    long objects() {
        return Math.min(objects.get(), maxObjects);
    }
}
