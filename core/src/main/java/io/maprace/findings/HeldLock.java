package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A lock a thread held while it wrote a map.
 *
 * @param lockClass class of the monitor object or of the lock ({@code ReentrantReadWriteLock$ReadLock})
 * @param identity an id telling two locks of one class apart (JDI unique id or identity hash)
 */
public record HeldLock(String lockClass, String identity, Mode mode) {

    public enum Mode {
        /** An object monitor ({@code synchronized}): exclusive. */
        MONITOR,
        /** An exclusive {@code java.util.concurrent} lock (a {@code ReentrantLock}, a write lock). */
        EXCLUSIVE,
        /** A shared lock (a read lock): held by many threads at once, it orders no writes. */
        SHARED;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean excludesOthers() {
        return mode != Mode.SHARED;
    }
}
