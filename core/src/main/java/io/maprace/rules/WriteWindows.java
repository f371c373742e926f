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

    /*
     * The open windows in order, oldest first: at most OPEN + 1 of them, so short arrays searched from the newest
     * end (where nearly every sample goes) rather than a sorted map with a boxed key each.
     */
    private final long[] openWindows = new long[OPEN + 1];
    private final Writers[] openWriters = new Writers[OPEN + 1];
    private int openCount;
    /* Writers of closed windows, for the next ones: a busy group opens a window every few periods. */
    private final Writers[] spare = new Writers[OPEN + 1];
    private int spareCount;
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
            lastWriters = openWindow(window);
            lastWindow = window;
        }
        lastWriters.add(thread);
        if (openCount > OPEN) {
            Writers oldest = openWriters[0];
            System.arraycopy(openWindows, 1, openWindows, 0, openCount - 1);
            System.arraycopy(openWriters, 1, openWriters, 0, openCount - 1);
            openWriters[--openCount] = null;
            if (oldest == lastWriters) {
                lastWriters = null;
            }
            count(oldest);
        }
    }

    /** The open window's writers, opened in its place in the order if it is not open. */
    private Writers openWindow(long window) {
        int i = openCount - 1;
        while (i >= 0 && openWindows[i] > window) {
            i--;
        }
        if (i >= 0 && openWindows[i] == window) {
            return openWriters[i];
        }
        int at = i + 1;
        System.arraycopy(openWindows, at, openWindows, at + 1, openCount - at);
        System.arraycopy(openWriters, at, openWriters, at + 1, openCount - at);
        Writers w = spareCount > 0 ? spare[--spareCount] : new Writers();
        openWindows[at] = window;
        openWriters[at] = w;
        openCount++;
        return w;
    }

    /** Counts every open window: at the end of a chunk, whose successor's times may overlap it. */
    void close() {
        for (int i = 0; i < openCount; i++) {
            count(openWriters[i]);
            openWriters[i] = null;
        }
        openCount = 0;
        lastWriters = null;
    }

    /** Counts a window that closes; its writers are used again for a window opened later. */
    private void count(Writers writers) {
        if (writers.size >= 2) {
            windows++;
            mostThreads = Math.max(mostThreads, writers.size);
            for (int i = 0; i < writers.size; i++) {
                threads.put(writers.ids[i], writers.refs[i]);
            }
        }
        Arrays.fill(writers.refs, 0, writers.size, null);
        writers.size = 0;
        if (spareCount < spare.length) {
            spare[spareCount++] = writers;
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
