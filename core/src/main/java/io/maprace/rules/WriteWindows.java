package io.maprace.rules;

import io.maprace.events.ThreadRef;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One group's writes in windows of a few sampling periods: two threads caught in one sweep are rare on real
 * workloads, two threads writing within a few periods are not, and many such windows tell a map several threads
 * write all the time. Events are ordered only roughly (by chunk), so a few windows stay open at once.
 */
final class WriteWindows {

    /** Sampling periods in one window. */
    static final int PERIODS = 4;
    /** Windows kept open for late samples before the oldest is counted. */
    private static final int OPEN = 16;

    private final TreeMap<Long, Writers> open = new TreeMap<>();
    private final Map<Long, ThreadRef> threads = new TreeMap<>();
    private long windowMillis;
    private long lastWindow;
    private Writers lastWriters;

    /**
     * One window's writers, the first object seen for each thread id: a few threads, searched in order, with no
     * boxing nor map entry for each of the many samples of a busy recording.
     */
    private static final class Writers {
        private long[] ids = new long[4];
        private ThreadRef[] refs = new ThreadRef[4];
        private int size;

        void add(ThreadRef thread) {
            if (size > 0 && refs[size - 1] == thread) {
                return;
            }
            long id = thread.id();
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    return;
                }
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                refs = Arrays.copyOf(refs, size * 2);
            }
            ids[size] = id;
            refs[size++] = thread;
        }
    }
    private int windows;
    private int mostThreads;

    /** A write by {@code thread} at {@code epochMillis}, windows {@code windowMillis} long. */
    void write(ThreadRef thread, long epochMillis, long windowMillis) {
        this.windowMillis = Math.max(1, windowMillis);
        long window = epochMillis / this.windowMillis;
        // Samples in time order mostly fall in the window of the one before.
        if (lastWriters == null || window != lastWindow) {
            lastWriters = open.computeIfAbsent(window, k -> new Writers());
            lastWindow = window;
        }
        lastWriters.add(thread);
        while (open.size() > OPEN) {
            Writers oldest = open.pollFirstEntry().getValue();
            if (oldest == lastWriters) {
                lastWriters = null;
            }
            count(oldest);
        }
    }

    /** Counts every open window: at the end of a chunk, whose successor's times may overlap it. */
    void close() {
        open.values().forEach(this::count);
        open.clear();
        lastWriters = null;
    }

    private void count(Writers writers) {
        if (writers.size >= 2) {
            windows++;
            mostThreads = Math.max(mostThreads, writers.size);
            for (int i = 0; i < writers.size; i++) {
                threads.put(writers.ids[i], writers.refs[i]);
            }
        }
    }

    long windowMillis() {
        return windowMillis;
    }

    /** Windows with two writers or more. */
    int windows() {
        return windows;
    }

    int mostThreads() {
        return mostThreads;
    }

    /** The threads of those windows. */
    Map<Long, ThreadRef> threads() {
        return threads;
    }
}
