package io.maprace.heap;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * How much a scan may read and for how long; the first limit reached cuts the walk, and the report says which.
 *
 * <p>The deadline covers the whole scan, its end included: the walk stops early enough to leave
 * {@code endReserve} for what follows it (re-reading the leading maps' modCount), and, once it has met a map that
 * looks damaged, {@code confirmReserve} more for reading that map again. Whoever runs the scan may also stop it
 * ({@link #stop}: interrupted, the target exited); the walk then ends at its next read.
 */
public final class ScanBudget {

    private final long maxObjects;
    private final long deadlineNanos;
    private final long endReserveNanos;
    private final long confirmReserveNanos;
    private final AtomicLong objects = new AtomicLong();
    /**
     * The objects read when there is no limit on them (a dump's scan, unless --limit is given): counted by every
     * reading thread for every object, where one shared counter has them wait on each other's cache line.
     */
    private final LongAdder unlimited = new LongAdder();
    private final AtomicReference<String> cutBy = new AtomicReference<>();
    private volatile boolean damageFound;
    private volatile Pacer pacer;

    ScanBudget(long maxObjects, Duration timeout) {
        this(maxObjects, timeout, Duration.ZERO, Duration.ZERO);
    }

    ScanBudget(long maxObjects, Duration timeout, Duration endReserve, Duration confirmReserve) {
        this.maxObjects = maxObjects;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.endReserveNanos = endReserve.toNanos();
        this.confirmReserveNanos = confirmReserve.toNanos();
    }

    /** From now on the reads keep the pace of {@code p}. */
    void pace(Pacer p) {
        this.pacer = p;
    }

    /** Counts {@code n} objects read; false once a limit is reached. */
    boolean take(long n) {
        Pacer p = pacer;
        if (p != null) {
            p.pace(this);
        }
        if (maxObjects == Long.MAX_VALUE) {
            unlimited.add(n);
            return !expired();
        }
        long total = objects.addAndGet(n);
        if (total > maxObjects) {
            cut("limit");
            return false;
        }
        return !expired();
    }

    /** Whether {@code n} more objects may be read without reaching a limit (then {@link #take} of them is true). */
    boolean hasRoomFor(long n) {
        return !expired() && (maxObjects == Long.MAX_VALUE || objects.get() + n <= maxObjects);
    }

    /** Whether the walk must stop: a limit reached, its share of the time spent, or stopped. */
    public boolean expired() {
        if (cutBy.get() != null) {
            return true;
        }
        long walkEnd = deadlineNanos - endReserveNanos - (damageFound ? confirmReserveNanos : 0);
        if (System.nanoTime() - walkEnd > 0) {
            cut("timeout");
            return true;
        }
        return false;
    }

    /** A map looked damaged: from now on the walk ends early enough to leave time to read it again. */
    void damageFound() {
        damageFound = true;
    }

    /**
     * Ends the walk now, for a reason of the caller's ({@code interrupted}, {@code target-exited}); a limit reached
     * before stays the reason.
     */
    public void stop(String why) {
        cut(why);
    }

    /** Time left until the deadline itself (the reserves included), never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Whether the deadline itself has passed (not only the walk's share of it). */
    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos > 0;
    }

    private void cut(String why) {
        cutBy.compareAndSet(null, why);
    }

    /** {@code limit}, {@code timeout}, a reason given to {@link #stop}, or null when the walk was complete. */
    String cutBy() {
        return cutBy.get();
    }

    long objects() {
        return maxObjects == Long.MAX_VALUE ? unlimited.sum() : Math.min(objects.get(), maxObjects);
    }
}
