package io.maprace.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A thread that waited for a lock: a monitor it blocked on, a monitor it waited in, or a park
 * ({@code java.util.concurrent} locks).
 *
 * @param holder the thread that held the lock, when the source knows it (JFR knows it for monitor enters)
 * @param lockClass the class of the lock object (the monitor, or the park blocker)
 * @param lockAddress the lock's address when known, 0 otherwise: tells two locks of one class apart
 */
public record LockWait(Kind kind, Instant time, Duration duration, ThreadRef waiter, ThreadRef holder,
                       String lockClass, long lockAddress, CallStack stack) implements ObservedEvent {

    public enum Kind {
        /** Blocked entering a {@code synchronized} block or method. */
        MONITOR_ENTER,
        /** In {@code Object.wait()}. */
        MONITOR_WAIT,
        /** Parked, usually on a {@code java.util.concurrent} lock or condition. */
        PARK
    }
}
