package io.maprace.rules;

import io.maprace.events.ThreadRef;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Write windows against a plain model of them: a sorted map of windows, the oldest counted past 16 open. */
class WriteWindowsTest {

    /** The model: what the windows count, written the simplest way. */
    private static final class Model {
        final TreeMap<Long, Map<Long, ThreadRef>> open = new TreeMap<>();
        final Map<Long, ThreadRef> threads = new TreeMap<>();
        int windows;
        int mostThreads;

        void write(ThreadRef t, long millis, long windowMillis) {
            open.computeIfAbsent(millis / windowMillis, k -> new TreeMap<>()).putIfAbsent(t.id(), t);
            while (open.size() > 16) {
                count(open.pollFirstEntry().getValue());
            }
        }

        void close() {
            open.values().forEach(this::count);
            open.clear();
        }

        void count(Map<Long, ThreadRef> writers) {
            if (writers.size() >= 2) {
                windows++;
                mostThreads = Math.max(mostThreads, writers.size());
                threads.putAll(writers);
            }
        }
    }

    @Test
    void countsAsTheModelOnSamplesRoughlyInTimeOrder() {
        Random random = new Random(7);
        ThreadRef[] threads = new ThreadRef[12];
        for (int i = 0; i < threads.length; i++) {
            // two objects for one id now and then: a renamed thread
            threads[i] = new ThreadRef(i % 10, "t" + i);
        }
        WriteWindows windows = new WriteWindows();
        Model model = new Model();
        long millis = 1_765_000_000_000L;
        for (int i = 0; i < 200_000; i++) {
            // mostly forward by a few milliseconds, sometimes back by up to a second (chunks overlap)
            millis += random.nextInt(10) == 0 ? -random.nextInt(1_000) : random.nextInt(15);
            ThreadRef t = threads[random.nextInt(threads.length)];
            windows.write(t, millis, 40);
            model.write(t, millis, 40);
            if (random.nextInt(5_000) == 0) {
                windows.close();
                model.close();
            }
        }
        windows.close();
        model.close();
        assertEquals(model.windows, windows.windows());
        assertEquals(model.mostThreads, windows.mostThreads());
        assertEquals(model.threads, windows.threads());
        assertEquals(40, windows.windowMillis());
    }
}
