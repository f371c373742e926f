package io.maprace.probe.watch;

/**
 * Keeps the cost of watching within the budget: a fraction of the time of the threads that hit write sites.
 * Every event is charged the time its thread spent suspended (and every hold its length); an allowance of
 * {@code budget x active threads} accrues with wall time. When the allowance is spent the breakpoints go off
 * until it has refilled: the watch then samples, in windows, and the report says which fraction of the time
 * was watched.
 *
 * <p>Thread-safe: the event thread charges events, the watchdog charges holds.
 */
final class Governor {

    /**
     * How much unspent allowance may accumulate, in seconds of budget. Larger means fewer, longer windows: each
     * window costs a re-arm (below), so fewer is cheaper for the same watched time.
     */
    private static final double BURST_SECONDS = 3.0;
    /**
     * What switching the breakpoints back on costs each writing thread beyond the events: setting a breakpoint
     * deoptimizes the compiled code that inlined the method, which runs interpreted or less optimized until the
     * JIT compiles it again. The tool cannot see it; bench/watch.sh measured it. For a method in a hot loop (its
     * window's events came back to back) a never-proven busy map lost ~200 ms per thread per window beyond the
     * charged events; for code that writes now and then, little.
     */
    static final long REARM_HOT_NANOS_PER_THREAD = 150_000_000L;
    static final long REARM_NANOS_PER_THREAD = 10_000_000L;
    /** Events per second per thread in a window above which its code counts as hot. */
    private static final double HOT_EVENTS_PER_SECOND = 300;
    /**
     * Breakpoints come back when this fraction of the burst has refilled: all of it, so that windows come once
     * every {@link #BURST_SECONDS} at most, whatever the budget.
     */
    private static final double RESUME_FRACTION = 1.0;
    /** Threads count as active this long after their last hit (longer than a pause between windows). */
    private static final long ACTIVE_NANOS = 10_000_000_000L;

    private final double budget;
    private long start;
    private final java.util.Map<Long, Long> lastHitByThread = new java.util.HashMap<>();
    private final java.util.Set<Long> everCharged = new java.util.HashSet<>();
    private double tokens;
    private long last;
    private boolean on = true;
    private long onSince;
    private long watchedNanos;
    private long chargedNanos;
    private int windows = 1;
    private int holdsRefused;
    private long finishedAt = Long.MAX_VALUE;
    private long cpuNanos;
    private long rearmNanos;
    private long eventsInWindow;
    private boolean lastWindowHot;
    private long setupWallNanos;
    /** Setup cost not yet paid: subtracted when the first window closes. */
    private double setupDebt;

    Governor(double budget, long now) {
        this.budget = budget;
        this.start = now;
        this.last = now;
        this.onSince = now;
        this.tokens = burst();
    }

    /**
     * The breakpoints go on now: the watch starts (the time setting them up is not watched time). The first
     * window gets one burst more: its first hits pay for what the tool and JDI load once (class metadata, line
     * tables, JDI's own code), and it is where most races are proven.
     */
    synchronized void start(long now) {
        start = now;
        last = now;
        onSince = now;
        on = true;
        tokens = 2 * burst();
    }

    /**
     * What the setup cost the target's host before the breakpoints went on (the tool's CPU and the target's JDWP
     * agent's: attaching, ranking, checking, arming), charged like the watch's events so that the budget holds over
     * the whole session. The first window keeps its credit (it is where most races are proven: a watch that armed
     * late and briefly would prove less than one that cost nothing to set up); the cost is paid when that window
     * closes, by a longer pause before the next.
     *
     * @param wallNanos how long the setup took: it counts in the session's time
     */
    synchronized void chargeSetup(long setupCpu, long wallNanos) {
        setupWallNanos = Math.max(0, wallNanos);
        chargedNanos += setupCpu;
        setupDebt += setupCpu;
    }

    /** A thread spent this long suspended by the watch. */
    synchronized void charge(long threadId, long nanos, long now) {
        refill(now);
        lastHitByThread.put(threadId, now);
        everCharged.add(threadId);
        eventsInWindow++;
        tokens -= nanos;
        chargedNanos += nanos;
    }

    /**
     * CPU the tool spent on an event. On a machine where the tool shares cores with the target's busy threads,
     * that CPU is taken from them: it is charged like suspended time.
     */
    synchronized void chargeCpu(long nanos, long now) {
        refill(now);
        tokens -= nanos;
        cpuNanos += nanos;
        chargedNanos += nanos;
    }

    /** Every watched map is proven: no time after this counts as watched or as needing a watch. */
    synchronized void finish(long now) {
        if (finishedAt != Long.MAX_VALUE) {
            return;
        }
        if (on) {
            watchedNanos += now - onSince;
            on = false;
        }
        finishedAt = now;
    }

    /**
     * Whether a hold of this length fits in the allowance. A hold is the watch's best use of its budget (one
     * can prove a race), so it may borrow up to one burst ahead; the debt makes the next pause longer.
     */
    synchronized boolean allowHold(long nanos, long now) {
        refill(now);
        if (tokens + burst() < nanos) {
            holdsRefused++;
            return false;
        }
        return true;
    }

    /**
     * Decides whether the breakpoints should be on now.
     *
     * @param holding whether a thread is held for a proof: its window stays open until it is released
     */
    synchronized boolean tick(long now, boolean holding) {
        refill(now);
        if (finishedAt != Long.MAX_VALUE) {
            return false;
        }
        if (on && tokens <= 0 && !holding) {
            on = false;
            tokens -= setupDebt;
            setupDebt = 0;
            watchedNanos += now - onSince;
            double seconds = Math.max(1e-3, (now - onSince) / 1e9);
            lastWindowHot = eventsInWindow / seconds / Math.max(1, lastHitByThread.size()) > HOT_EVENTS_PER_SECOND;
            eventsInWindow = 0;
        } else if (!on && tokens >= RESUME_FRACTION * burst()) {
            on = true;
            onSince = now;
            windows++;
            long perThread = lastWindowHot ? REARM_HOT_NANOS_PER_THREAD : REARM_NANOS_PER_THREAD;
            long rearm = perThread * Math.max(1, lastHitByThread.size());
            tokens -= rearm;
            chargedNanos += rearm;
            rearmNanos += rearm;
        }
        return on;
    }

    private void refill(long now) {
        long dt = now - last;
        if (dt <= 0) {
            return;
        }
        last = now;
        lastHitByThread.values().removeIf(t -> now - t > ACTIVE_NANOS);
        // Refilling stops at one burst; tokens already above it (the first window's credit) are kept.
        tokens = Math.max(tokens, Math.min(burst(), tokens + dt * rate()));
    }

    /** Allowance per nanosecond: the budget of each thread that writes. */
    private double rate() {
        return budget * Math.max(1, lastHitByThread.size());
    }

    private double burst() {
        return rate() * BURST_SECONDS * 1e9;
    }

    synchronized boolean on() {
        return on;
    }

    /** Fraction of the time so far that breakpoints were on. */
    synchronized double watchedFraction(long now) {
        long end = Math.min(now, finishedAt);
        long total = end - start;
        long watched = watchedNanos + (on ? end - onSince : 0);
        return total <= 0 ? 1.0 : Math.min(1.0, (double) watched / total);
    }

    /**
     * The measured cost: time threads spent suspended, over the time of the threads that hit write sites (at
     * least one thread for the whole watch).
     */
    synchronized double overhead(long now) {
        long total = now - start + setupWallNanos;
        return total <= 0 ? 0 : (double) chargedNanos / ((double) total * Math.max(1, everCharged.size()));
    }

    synchronized long rearmNanos() {
        return rearmNanos;
    }

    synchronized long cpuNanos() {
        return cpuNanos;
    }

    /** When every map was proven, nanos from the start; -1 if not. */
    synchronized long finishedAfter() {
        return finishedAt == Long.MAX_VALUE ? -1 : finishedAt - start;
    }

    synchronized int threadsCharged() {
        return everCharged.size();
    }

    synchronized long chargedNanos() {
        return chargedNanos;
    }

    synchronized int windows() {
        return windows;
    }

    synchronized int holdsRefused() {
        return holdsRefused;
    }
}
