package io.maprace.samples.twins;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.HashMap;
import java.util.Map;

/**
 * Correct: one thread, {@code snapshot-writer}, writes a plain {@link HashMap} ({@link #WORKING}, confined to it),
 * and every 256 writes publishes a copy through the {@code volatile} field {@link #snapshot}; the other
 * {@code --threads - 1} threads ({@code snapshot-reader-N}) only read the latest copy, which nobody writes after
 * publication. Not a race.
 *
 * <p>Map: {@code SingleWriterThread.WORKING}, written only by {@code snapshot-writer}. Writes: {@link #record},
 * {@link #forget}; {@link #publish} only reads it.
 */
public final class SingleWriterThread implements SampleProgram {

    public static final Map<String, Long> WORKING = new HashMap<>();
    public static volatile Map<String, Long> snapshot = Map.of();

    public static void main(String[] args) {
        SampleMain.main(new SingleWriterThread(), args);
    }

    @Override
    public String name() {
        return "single-writer-thread";
    }

    /** Counts one more occurrence of {@code key}; called by the writer thread only. */
    static void record(String key) {
        WORKING.merge(key, 1L, Long::sum);
    }

    /** Forgets {@code key}; called by the writer thread only. */
    static void forget(String key) {
        WORKING.remove(key);
    }

    /** Publishes a copy of the working map; called by the writer thread only. */
    static void publish() {
        snapshot = new HashMap<>(WORKING);
    }

    /** Reads the latest published copy. */
    static Long count(String key) {
        return snapshot.get(key);
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writer("snapshot-writer", new Runnable() {
            private int writes;

            @Override
            public void run() {
                record(TwinKeys.any());
                forget(TwinKeys.any());
                if ((++writes & 255) == 0) {
                    publish();
                }
            }
        });
        for (int i = 1; i < options.threads(); i++) {
            workers.reader("snapshot-reader-" + i, () -> count(TwinKeys.any()));
        }
    }

    @Override
    public String facts() {
        return "snapshotSize=" + snapshot.size();
    }
}
