package io.maprace.jfr.chunk;

import io.maprace.events.ThreadRef;

import java.util.Arrays;

/**
 * A chunk's allocation samples of classes no rule reads (most of them: a recording samples every kind of object),
 * kept as a time and a thread each rather than as events; {@link DecodedChunk#PLAIN_ALLOCATION} marks their places
 * among the chunk's items, in order.
 */
public final class PlainAllocations {

    static final PlainAllocations NONE = new PlainAllocations();

    private long[] times = new long[256];
    private ThreadRef[] threads = new ThreadRef[256];
    private int size;

    void add(long epochNanos, ThreadRef thread) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            threads = Arrays.copyOf(threads, size * 2);
        }
        times[size] = epochNanos;
        threads[size] = thread;
        size++;
    }

    /** The time of the {@code i}th, in nanoseconds since the epoch. */
    public long time(int i) {
        return times[i];
    }

    public ThreadRef thread(int i) {
        return threads[i];
    }

    public int size() {
        return size;
    }
}
