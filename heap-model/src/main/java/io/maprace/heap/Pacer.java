package io.maprace.heap;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Slows a walk down to a share of the host's CPU. The source measures what the walk costs the host (a live scan:
 * the tool's own CPU and the target's JDWP agent's); while that cost runs ahead of {@code share} of the time
 * elapsed (plus a first burst: attaching and warming up cost what they cost), the reading threads wait. A scan of a
 * busy target then takes longer instead of taking the target's cores.
 */
public final class Pacer {

    /** How often the cost is measured: reading it costs a few system calls. */
    private static final long CHECK_NANOS = 20_000_000L;
    /** The longest single wait, so that a stop or the deadline is noticed. */
    private static final long MAX_WAIT_NANOS = 250_000_000L;

    private final LongSupplier costNanos;
    private final double share;
    private final long burstNanos;
    private final long start;
    private final long costAtStart;
    private final AtomicLong nextCheck = new AtomicLong();
    private final AtomicLong paused = new AtomicLong();
    private volatile long pausedUntil = System.nanoTime();

    /**
     * @param costNanos what the walk has cost the host so far, in CPU nanoseconds (any origin: the difference counts)
     * @param share the CPU the walk may take, in cores (0.1: a tenth of one core)
     * @param burstNanos CPU the walk may take before the pace applies
     */
    public Pacer(LongSupplier costNanos, double share, long burstNanos) {
        if (!(share > 0)) {
            throw new IllegalArgumentException("share must be positive: " + share);
        }
        this.costNanos = costNanos;
        this.share = share;
        this.burstNanos = burstNanos;
        this.start = System.nanoTime();
        this.costAtStart = costNanos.getAsLong();
    }

    /**
     * Waits while the walk is ahead of its share; called by every reading thread between reads, so that all of them
     * wait, not only the one that measured.
     */
    void pace(ScanBudget budget) {
        long now = System.nanoTime();
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + CHECK_NANOS)) {
            long over = costNanos.getAsLong() - costAtStart - burstNanos - (long) (share * (now - start));
            if (over > 0 && pausedUntil - now < 0) {
                long pause = (long) (over / share);
                pausedUntil = now + pause;
                paused.addAndGet(pause);
            }
        }
        long until;
        while ((until = pausedUntil) - (now = System.nanoTime()) > 0 && !budget.expired()) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(MAX_WAIT_NANOS, until - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Time the walk was held back to keep its pace, in milliseconds. */
    public long pausedMillis() {
        return paused.get() / 1_000_000;
    }

    /** What the walk has cost so far, in CPU milliseconds. */
    public long costMillis() {
        return (costNanos.getAsLong() - costAtStart) / 1_000_000;
    }
}
