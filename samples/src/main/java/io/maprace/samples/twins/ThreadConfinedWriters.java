package io.maprace.samples.twins;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.HashMap;
import java.util.Map;

/**
 * Correct: {@code --threads} writers each count a batch of keys in a {@link HashMap} of their own, made for the
 * batch and dropped after it: many threads write at the same sites, never to the same map. Not a race.
 *
 * <p>Map: the local {@code counts} of each batch, published when done through {@link #LATEST} and never written
 * again. Writes: {@link #record}, {@link #forget}.
 */
public final class ThreadConfinedWriters implements SampleProgram {

    private static final int BATCH = 256;
    /** The last finished batch's map, safely published: read only, so that the work is not optimized away. */
    public static volatile Map<String, Long> LATEST = new HashMap<>();

    public static void main(String[] args) {
        SampleMain.main(new ThreadConfinedWriters(), args);
    }

    @Override
    public String name() {
        return "thread-confined-writers";
    }

    static void record(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }

    static void forget(Map<String, Long> counts, String key) {
        counts.remove(key);
    }

    /** One batch, in a map only this call sees. */
    static void batch() {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < BATCH; i++) {
            record(counts, TwinKeys.any());
            forget(counts, TwinKeys.any());
        }
        LATEST = counts;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("confined-writer", options.threads(), i -> ThreadConfinedWriters::batch);
    }

    @Override
    public String facts() {
        return "size=" + LATEST.size();
    }
}
