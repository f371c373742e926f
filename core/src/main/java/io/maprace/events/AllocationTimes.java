package io.maprace.events;

/**
 * Allocation samples that tell only that a thread allocated at a time (samples of classes no rule reads, most of a
 * recording's), of one stretch of a recording, in no particular order: handed over as a batch rather than as an
 * event each, they need no sorting into the samples' time order.
 */
public interface AllocationTimes {

    int size();

    /** The Java thread id of the {@code i}th sample's thread (negative for a thread known by its OS id alone). */
    long threadId(int i);

    /** The {@code i}th sample's time, in nanoseconds since the epoch. */
    long epochNanos(int i);

    /** The earliest time of the batch ({@link Long#MAX_VALUE} when empty); a source may note it as it fills. */
    default long earliestNanos() {
        long min = Long.MAX_VALUE;
        for (int i = 0, n = size(); i < n; i++) {
            min = Math.min(min, epochNanos(i));
        }
        return min;
    }

    /** The latest time of the batch ({@link Long#MIN_VALUE} when empty); a source may note it as it fills. */
    default long latestNanos() {
        long max = Long.MIN_VALUE;
        for (int i = 0, n = size(); i < n; i++) {
            max = Math.max(max, epochNanos(i));
        }
        return max;
    }

    /**
     * Whether {@code threadId} allocated at a time between {@code fromNanos} and {@code toNanos}, both included.
     * A linear search: asked only for the rare runs of samples long enough to matter.
     */
    default boolean any(long threadId, long fromNanos, long toNanos) {
        for (int i = 0, n = size(); i < n; i++) {
            if (threadId(i) == threadId) {
                long t = epochNanos(i);
                if (t >= fromNanos && t <= toNanos) {
                    return true;
                }
            }
        }
        return false;
    }
}
