package io.maprace.events;

import java.time.Instant;

/** Event times as nanoseconds since the epoch: compared and sorted by the million without an Instant each. */
public final class EpochNanos {

    private EpochNanos() {
    }

    /** Nanoseconds since the epoch; times beyond a long's reach (before 1678, after 2262) are clamped. */
    public static long of(Instant t) {
        long s = t.getEpochSecond();
        if (s >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (s <= Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE + 1;
        }
        return s * 1_000_000_000L + t.getNano();
    }

    public static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
