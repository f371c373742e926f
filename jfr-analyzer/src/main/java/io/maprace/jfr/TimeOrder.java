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
        mergeRuns(keys);
        ObservedEvent[] in = events.toArray(new ObservedEvent[0]);
        int mask = (1 << INDEX_BITS) - 1;
        for (int i = 0; i < n; i++) {
            events.set(i, in[(int) (keys[i] & mask)]);
            // the times follow, so that sorting again (a replay) finds them in order
            times[i] = (keys[i] >>> INDEX_BITS) + min;
        }
    }

    /**
     * Sorts distinct keys by merging the ascending runs they already form, pairwise, until one is left. A
     * segment's samples come in runs, one per buffer the JVM wrote (about 150 runs of 70 in a chunk of 10 000):
     * eight passes over them cost less than a quicksort that ignores the runs.
     */
    static void mergeRuns(long[] keys) {
        int n = keys.length;
        int[] starts = new int[n + 1];
        int runs = 0;
        starts[runs++] = 0;
        for (int i = 1; i < n; i++) {
            if (keys[i] < keys[i - 1]) {
                starts[runs++] = i;
            }
        }
        if (runs == 1) {
            return;
        }
        if (runs > n / 8) {
            // short runs: nothing for merging to gain
            Arrays.sort(keys);
            return;
        }
        starts[runs] = n;
        long[] from = keys;
        long[] to = new long[n];
        while (runs > 1) {
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int lo = starts[r];
                int mid = starts[Math.min(r + 1, runs)];
                int hi = starts[Math.min(r + 2, runs)];
                merge(from, to, lo, mid, hi);
                starts[merged++] = lo;
            }
            starts[merged] = n;
            runs = merged;
            long[] t = from;
            from = to;
            to = t;
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, n);
        }
    }

    private static void merge(long[] from, long[] to, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            to[k++] = from[i] <= from[j] ? from[i++] : from[j++];
        }
        System.arraycopy(from, i, to, k, mid - i);
        System.arraycopy(from, j, to, k + mid - i, hi - j);
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
