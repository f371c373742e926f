package io.maprace.samples.twins;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Correct: {@code --threads} threads share one plain {@link HashMap}; every write holds the write side of
 * {@link #LOCK} and every read its read side (a plain {@code HashMap.get} does not write, unlike an access-ordered
 * {@code LinkedHashMap}'s). Not a race.
 *
 * <p>Map: {@code WriteLockWriters.COUNTS}. Writes: {@link #record}, {@link #forget}, under {@code LOCK.writeLock()}.
 */
public final class WriteLockWriters implements SampleProgram {

    public static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    public static final Map<String, Long> COUNTS = new HashMap<>();

    public static void main(String[] args) {
        SampleMain.main(new WriteLockWriters(), args);
    }

    @Override
    public String name() {
        return "write-lock-writers";
    }

    /** Counts one more occurrence of {@code key}, under the write lock. */
    static void record(String key) {
        LOCK.writeLock().lock();
        try {
            COUNTS.merge(key, 1L, Long::sum);
        } finally {
            LOCK.writeLock().unlock();
        }
    }

    /** Forgets {@code key}, under the write lock. */
    static void forget(String key) {
        LOCK.writeLock().lock();
        try {
            COUNTS.remove(key);
        } finally {
            LOCK.writeLock().unlock();
        }
    }

    /** Reads a count under the read lock. */
    static Long count(String key) {
        LOCK.readLock().lock();
        try {
            return COUNTS.get(key);
        } finally {
            LOCK.readLock().unlock();
        }
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("rw-writer", options.threads(), i -> () -> {
            record(TwinKeys.any());
            count(TwinKeys.any());
            forget(TwinKeys.any());
        });
    }

    @Override
    public String facts() {
        LOCK.readLock().lock();
        try {
            return "size=" + COUNTS.size();
        } finally {
            LOCK.readLock().unlock();
        }
    }
}
