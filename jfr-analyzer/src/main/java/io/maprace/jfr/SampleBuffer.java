package io.maprace.jfr;

import io.maprace.events.AllocationSample;
import io.maprace.events.AllocationTimes;
import io.maprace.events.EpochNanos;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.jfr.chunk.PlainAllocations;
import io.maprace.rules.Analysis;
import io.maprace.rules.MapAllocations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A segment's samples, to be analyzed in time order, and its allocation samples of classes no rule reads (a time
 * and a thread each, most of a recording's samples), handed over as batches before the samples they need no order
 * among. The feed notes each sample's time as a number when it arrives; {@link #sort} orders them stably (samples
 * of one instant keep their file order) by sorting one key per sample, its time since the segment's first with its
 * position in the low bits, at a fraction of the cost of sorting events by comparator.
 */
final class SampleBuffer {

    /** Bits of a key that hold a sample's position. */
    private static final int INDEX_BITS = 24;
    /** The largest time offset the rest of a key can hold: about nine minutes in nanoseconds. */
    private static final long MAX_OFFSET = (1L << (63 - INDEX_BITS)) - 1;
    /** The time noted for an event without one: it goes first. */
    static final long NO_TIME = StackSample.NO_TIME;
    /** A flush segment of a busy recording holds a few hundred samples: most buffers never grow. */
    private static final int FIRST_SIZE = 256;

    private ObservedEvent[] events = new ObservedEvent[FIRST_SIZE];
    /** Nanoseconds since the epoch. */
    private long[] times = new long[FIRST_SIZE];
    private int size;
    private long latest = NO_TIME;
    /** Plain allocations, in batches: a reader's own, and those met one by one as events. */
    private final List<AllocationTimes> plain = new ArrayList<>(2);
    private PlainAllocations loose;
    private final MapAllocations.LastClass allocatedClasses = new MapAllocations.LastClass();

    /** A sample; an allocation sample of a class no rule reads joins the plain allocations. */
    void add(ObservedEvent event) {
        long time = event instanceof StackSample s ? s.epochNanos()
                : event.time() == null ? NO_TIME : EpochNanos.of(event.time());
        if (event instanceof AllocationSample a && time != NO_TIME && !allocatedClasses.isRead(a.objectClass())) {
            if (loose == null) {
                loose = new PlainAllocations();
                plain.add(loose);
            }
            loose.add(time, a.thread());
            latest = Math.max(latest, time);
            return;
        }
        if (size == times.length) {
            events = Arrays.copyOf(events, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        events[size] = event;
        times[size] = time;
        size++;
        latest = Math.max(latest, time);
    }

    /** A batch of plain allocations of the segment. */
    void addPlainAllocations(PlainAllocations batch) {
        if (batch.size() > 0) {
            plain.add(batch);
            latest = Math.max(latest, batch.latestNanos());
        }
    }

    boolean isEmpty() {
        return size == 0 && plain.isEmpty();
    }

    int size() {
        return size;
    }

    ObservedEvent event(int i) {
        return events[i];
    }

    /** The batches of plain allocations. */
    List<AllocationTimes> plainAllocations() {
        return plain;
    }

    long time(int i) {
        return times[i];
    }

    /** The latest time among the samples, or null. */
    Instant latest() {
        return latest == NO_TIME ? null : EpochNanos.toInstant(latest);
    }

    /** Puts the samples in time order, stably; sorting again changes nothing. */
    void sort() {
        int n = size;
        if (n < 2) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            long t = times[i];
            sorted &= i == 0 || t >= times[i - 1];
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        if (sorted) {
            return;
        }
        int[] order;
        if (n >= 1 << INDEX_BITS || max - min > MAX_OFFSET || max - min < 0) {
            // a huge segment, or samples more than nine minutes apart: a stable sort of positions
            long[] t = times;
            order = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> t[i]))
                    .mapToInt(Integer::intValue).toArray();
        } else {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (times[i] - min) << INDEX_BITS | i;
            }
            mergeRuns(keys);
            order = new int[n];
            int mask = (1 << INDEX_BITS) - 1;
            for (int i = 0; i < n; i++) {
                order[i] = (int) (keys[i] & mask);
            }
        }
        ObservedEvent[] e = new ObservedEvent[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            e[i] = events[order[i]];
            t[i] = times[order[i]];
        }
        events = e;
        times = t;
    }

    /** Hands the plain allocations to the analysis, then the samples in their order. */
    void applyTo(Analysis analysis) {
        plain.forEach(analysis::plainAllocations);
        for (int i = 0; i < size; i++) {
            analysis.accept(events[i]);
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
            long[] swap = from;
            from = to;
            to = swap;
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
}
