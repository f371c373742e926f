package io.maprace.samples.twins;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Correct: {@code --threads} writers share a {@link ConcurrentHashMap}. Not a race.
 *
 * <p>Map: {@code ConcurrentMapWriters.COUNTS}. Writes: {@link #record}, {@link #forget}.
 */
public final class ConcurrentMapWriters implements SampleProgram {

    public static final ConcurrentHashMap<String, Long> COUNTS = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        SampleMain.main(new ConcurrentMapWriters(), args);
    }

    @Override
    public String name() {
        return "concurrent-map-writers";
    }

    static void record(String key) {
        COUNTS.merge(key, 1L, Long::sum);
    }

    static void forget(String key) {
        COUNTS.remove(key);
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("chm-writer", options.threads(), i -> () -> {
            record(TwinKeys.any());
            forget(TwinKeys.any());
        });
    }

    @Override
    public String facts() {
        return "size=" + COUNTS.size();
    }
}
