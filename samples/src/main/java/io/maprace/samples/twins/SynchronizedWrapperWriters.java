package io.maprace.samples.twins;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Correct: {@code --threads} writers share a {@link HashMap} behind {@link Collections#synchronizedMap}, so every
 * call holds the wrapper's monitor. Not a race.
 *
 * <p>Map: {@code SynchronizedWrapperWriters.COUNTS.m} (the {@code HashMap} inside the wrapper). Writes:
 * {@link #record}, {@link #forget}, through the {@code Collections$SynchronizedMap} frame.
 */
public final class SynchronizedWrapperWriters implements SampleProgram {

    public static final Map<String, Long> COUNTS = Collections.synchronizedMap(new HashMap<>());

    public static void main(String[] args) {
        SampleMain.main(new SynchronizedWrapperWriters(), args);
    }

    @Override
    public String name() {
        return "synchronized-wrapper-writers";
    }

    static void record(String key) {
        COUNTS.merge(key, 1L, Long::sum);
    }

    static void forget(String key) {
        COUNTS.remove(key);
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("sync-writer", options.threads(), i -> () -> {
            record(TwinKeys.any());
            forget(TwinKeys.any());
        });
    }

    @Override
    public String facts() {
        return "size=" + COUNTS.size();
    }
}
