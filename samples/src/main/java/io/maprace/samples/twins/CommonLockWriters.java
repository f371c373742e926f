package io.maprace.samples.twins;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.HashMap;
import java.util.Map;

/**
 * Correct: {@code --threads} writers share one plain {@link HashMap}, and every access holds one common monitor,
 * {@link #LOCK}. Not a race.
 *
 * <p>Map: {@code CommonLockWriters.COUNTS}. Writes: {@link #record}, {@link #forget}, each in
 * {@code synchronized (LOCK)}.
 */
public final class CommonLockWriters implements SampleProgram {

    public static final Object LOCK = new Object();
    public static final Map<String, Long> COUNTS = new HashMap<>();

    public static void main(String[] args) {
        SampleMain.main(new CommonLockWriters(), args);
    }

    @Override
    public String name() {
        return "common-lock-writers";
    }

    /** Counts one more occurrence of {@code key}, under the common lock. */
    static void record(String key) {
        synchronized (LOCK) {
            COUNTS.merge(key, 1L, Long::sum);
        }
    }

    /** Forgets {@code key}, under the common lock. */
    static void forget(String key) {
        synchronized (LOCK) {
            COUNTS.remove(key);
        }
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("locked-writer", options.threads(), i -> () -> {
            record(TwinKeys.any());
            forget(TwinKeys.any());
        });
    }

    @Override
    public String facts() {
        synchronized (LOCK) {
            return "size=" + COUNTS.size();
        }
    }
}
