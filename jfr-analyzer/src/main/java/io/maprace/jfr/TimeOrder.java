package io.maprace.jfr;

import io.maprace.events.ObservedEvent;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A segment's samples and their times, put in time order stably (samples of one instant keep their file order).
 * A segment holds thousands of samples from per-thread buffers: the feed notes each sample's time as a number
 * when it arrives, and one key per sample (its time since the segment's first, its position in the low bits) is
 * sorted, at a fraction of the cost of sorting the events by comparator.
 */
final class TimeOrder {

    private static final Comparator<ObservedEvent> BY_TIME = Comparator.comparing(ObservedEvent::time);
    /** Bits of a key that hold a sample's position. */
    private static final int INDEX_BITS = 24;
    /** The largest time offset the rest of a key can hold: about nine minutes in nanoseconds. */
    private static final long MAX_OFFSET = (1L << (63 - INDEX_BITS)) - 1;
    /** Marks a sample with no time: it cannot be keyed. */
    static final long NO_TIME = Long.MIN_VALUE;

    private long[] times = new long[1024];
    private int size;

    /** Notes the time of the next sample added to the segment. */
    void add(Instant time) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        times[size++] = time == null ? NO_TIME : nanos(time);
    }

    /** The times noted so far, for {@link #sort}; the notes start again. */
    long[] take() {
        long[] t = Arrays.copyOf(times, size);
        size = 0;
        return t;
    }

    /** Sorts {@code events} by time, stably, and {@code times} (theirs, in the same order) with them. */
    static void sort(List<ObservedEvent> events, long[] times) {
        int n = events.size();
        if (n < 2) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean sorted = true;
        long previous = Long.MIN_VALUE;
        for (long t : times) {
            if (t == NO_TIME) {
                // no key for it: the comparator's order, which fails on it as it always did
                events.sort(BY_TIME);
                return;
            }
            sorted &= t >= previous;
            previous = t;
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        if (sorted) {
            return;
        }
        if (n >= 1 << INDEX_BITS || max - min > MAX_OFFSET || max - min < 0) {
            // a huge segment, or samples more than nine minutes apart: the plain way
            events.sort(BY_TIME);
            for (int i = 0; i < n; i++) {
                times[i] = nanos(events.get(i).time());
            }
            return;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (times[i] - min) << INDEX_BITS | i;
        }
        Arrays.sort(keys);
        ObservedEvent[] in = events.toArray(new ObservedEvent[0]);
        int mask = (1 << INDEX_BITS) - 1;
        for (int i = 0; i < n; i++) {
            events.set(i, in[(int) (keys[i] & mask)]);
            // the times follow, so that sorting again (a replay) finds them in order
            times[i] = (keys[i] >>> INDEX_BITS) + min;
        }
    }

    /** Nanoseconds since the epoch; times beyond a long's reach (year 2262) are clamped. */
    private static long nanos(Instant t) {
        long s = t.getEpochSecond();
        if (s >= Long.MAX_VALUE / 1_000_000_000L || s <= Long.MIN_VALUE / 1_000_000_000L + 1) {
            return s > 0 ? Long.MAX_VALUE : Long.MIN_VALUE + 1;
        }
        return s * 1_000_000_000L + t.getNano();
    }
}
