package io.maprace.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A periodic execution sample of a running thread ({@code jdk.ExecutionSample}). Its time is kept as
 * nanoseconds since the epoch, which the rules compare for each of a recording's millions of samples; the
 * {@link Instant} is made when asked for.
 */
public final class StackSample implements ObservedEvent {

    /** The {@link #epochNanos} of a sample without a time. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final long epochNanos;
    private final ThreadRef thread;
    private final CallStack stack;
    /* Made on first use: immutable, so a sample read on another thread at worst makes its own. */
    private Instant time;

    public StackSample(Instant time, ThreadRef thread, CallStack stack) {
        this(time == null ? NO_TIME : EpochNanos.of(time), thread, stack);
        this.time = time;
    }

    private StackSample(long epochNanos, ThreadRef thread, CallStack stack) {
        this.epochNanos = epochNanos;
        this.thread = thread;
        this.stack = stack;
    }

    /** A sample at a time in nanoseconds since the epoch ({@link #NO_TIME} for none). */
    public static StackSample atNanos(long epochNanos, ThreadRef thread, CallStack stack) {
        return new StackSample(epochNanos, thread, stack);
    }

    @Override
    public Instant time() {
        Instant t = time;
        if (t == null && epochNanos != NO_TIME) {
            t = EpochNanos.toInstant(epochNanos);
            time = t;
        }
        return t;
    }

    /** The time in nanoseconds since the epoch, {@link #NO_TIME} for none. */
    public long epochNanos() {
        return epochNanos;
    }

    public ThreadRef thread() {
        return thread;
    }

    public CallStack stack() {
        return stack;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof StackSample s && s.epochNanos == epochNanos
                && Objects.equals(s.time(), time()) && Objects.equals(s.thread, thread)
                && Objects.equals(s.stack, stack);
    }

    @Override
    public int hashCode() {
        // equal samples have equal nanoseconds: no Instant made to hash one
        return Objects.hash(epochNanos, thread, stack);
    }

    @Override
    public String toString() {
        return "StackSample[time=" + time() + ", thread=" + thread + ", stack=" + stack + "]";
    }
}
