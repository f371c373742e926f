package io.maprace.jfr.chunk;

import io.maprace.events.AllocationTimes;
import io.maprace.events.ThreadRef;

import java.util.Arrays;

/**
 * Allocation samples of classes no rule reads (most of them: a recording samples every kind of object) of one
 * flush segment, kept as a time and a thread each rather than as events.
 */
public final class PlainAllocations implements AllocationTimes {

    private long[] times;
    private ThreadRef[] threads;
    private int size;
    /* Noted as samples are added, on the decoding thread: the analysis asks for them once per batch. */
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;

    public PlainAllocations() {
        this(64);
    }

    /** @param expected how many to make room for: a reader knows about how many a segment has */
    public PlainAllocations(int expected) {
        times = new long[Math.max(16, expected)];
        threads = new ThreadRef[times.length];
    }

    public void add(long epochNanos, ThreadRef thread) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            threads = Arrays.copyOf(threads, size * 2);
        }
        times[size] = epochNanos;
        threads[size] = thread;
        size++;
        earliest = Math.min(earliest, epochNanos);
        latest = Math.max(latest, epochNanos);
    }

    @Override
    public long epochNanos(int i) {
        return times[i];
    }

    @Override
    public long threadId(int i) {
        return threads[i].id();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long earliestNanos() {
        return earliest;
    }

    @Override
    public long latestNanos() {
        return latest;
    }

    @Override
    public boolean any(long threadId, long fromNanos, long toNanos) {
        ThreadRef last = null;
        for (int i = 0; i < size; i++) {
            ThreadRef t = threads[i];
            // a segment's samples share a few thread objects: their ids are compared once per change
            if (t == last || t.id() == threadId) {
                last = t;
                if (times[i] >= fromNanos && times[i] <= toNanos) {
                    return true;
                }
            }
        }
        return false;
    }
}
