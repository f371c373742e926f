package io.maprace.rules;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.LockWait;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which lock waits say that an application method takes a lock around its map writes. */
class ExclusiveLocksTest {

    private static final String APP = "com.example.Cache";

    private static LockWait wait(LockWait.Kind kind, Frame... frames) {
        return wait(kind, "java.lang.Object", frames);
    }

    private static LockWait wait(LockWait.Kind kind, String lockClass, Frame... frames) {
        return new LockWait(kind, Instant.EPOCH, Duration.ofMillis(2), new ThreadRef(1, "worker"), null,
                lockClass, 1, new CallStack(List.of(frames), false));
    }

    private static Frame f(String cls, String method) {
        return new Frame(cls, method, 1, false);
    }

    @Test
    void aSynchronizedBlockOrALockTheMethodTakesCounts() {
        ExclusiveLocks monitor = new ExclusiveLocks();
        monitor.waited(wait(LockWait.Kind.MONITOR_ENTER, f(APP, "put"), f(APP, "caller")));
        assertTrue(monitor.seenAt(Set.of(APP + ".put")).isPresent());
        ExclusiveLocks parked = new ExclusiveLocks();
        parked.waited(wait(LockWait.Kind.PARK, f("jdk.internal.misc.Unsafe", "park"),
                f("java.util.concurrent.locks.LockSupport", "park"),
                f("java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire"),
                f("java.util.concurrent.locks.ReentrantLock", "lock"), f(APP, "put")));
        assertTrue(parked.seenAt(Set.of(APP + ".put")).isPresent());
    }

    @Test
    void whatShowedTheLockIsKeptForTheExplanation() {
        ExclusiveLocks locks = new ExclusiveLocks();
        locks.waited(wait(LockWait.Kind.MONITOR_ENTER, APP, f(APP, "put"), f(APP, "caller")));
        locks.waited(wait(LockWait.Kind.MONITOR_WAIT, "java.lang.Object", f(APP, "put")));
        assertEquals(Optional.of(APP + ".put (blocked entering a monitor of " + APP + ")"),
                locks.seenAt(Set.of(APP + ".remove", APP + ".put")));
        ExclusiveLocks sampled = new ExclusiveLocks();
        sampled.sample(new StackSample(Instant.EPOCH, new ThreadRef(1, "worker"), new CallStack(List.of(
                f("java.util.concurrent.locks.ReentrantLock", "unlock"), f(APP, "remove")), false)));
        assertEquals(Optional.of(APP + ".remove (sampled in java.util.concurrent.locks.ReentrantLock.unlock)"),
                sampled.seenAt(Set.of(APP + ".remove", APP + ".put")));
        assertEquals(Optional.empty(), sampled.seenAt(Set.of(APP + ".put")));
    }

    @Test
    void aLockTakenDeepInOtherJdkCodeDoesNot() {
        // e.g. a class-loading or reflection lock met while the method builds a value to put: it orders no write
        ExclusiveLocks locks = new ExclusiveLocks();
        locks.waited(wait(LockWait.Kind.MONITOR_ENTER, f("java.lang.ClassLoader", "loadClass"),
                f("java.lang.Class", "forName"), f(APP, "put")));
        assertFalse(locks.seenAt(Set.of(APP + ".put")).isPresent());
    }

    @Test
    void waitingForAnotherThreadToInitializeAClassDoesNot() {
        // HotSpot's class-init lock is an int[] ("[I" in a recording): the method's first use of a class, by two
        // threads at once
        ExclusiveLocks locks = new ExclusiveLocks();
        locks.waited(wait(LockWait.Kind.MONITOR_WAIT, "[I", f(APP, "put"), f(APP, "caller")));
        assertFalse(locks.seenAt(Set.of(APP + ".put")).isPresent());
        // entering it, when the initializing thread holds it past the threshold (a loaded host), neither
        locks.waited(wait(LockWait.Kind.MONITOR_ENTER, "[I", f(APP, "put"), f(APP, "caller")));
        assertFalse(locks.seenAt(Set.of(APP + ".put")).isPresent());
        ExclusiveLocks waitOnAMonitor = new ExclusiveLocks();
        waitOnAMonitor.waited(wait(LockWait.Kind.MONITOR_WAIT, f(APP, "put"), f(APP, "caller")));
        assertTrue(waitOnAMonitor.seenAt(Set.of(APP + ".put")).isPresent());
    }
}
