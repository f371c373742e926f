package io.maprace.probe.target;

import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stops of every thread of a target that one session makes: each is resumed exactly once (by its holder, by
 * the watchdog at its deadline, or when the session closes), and each pause is measured.
 */
public final class Suspensions {

    /** A bounded stop of every thread of the target; closing it resumes them. */
    public final class Suspension implements AutoCloseable {
        private final long started = System.nanoTime();
        private final AtomicBoolean resumed = new AtomicBoolean();
        private final ScheduledFuture<?> guard;

        private Suspension(Duration max) {
            this.guard = watchdog.schedule(this::resumeByWatchdog, max.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void resumeByWatchdog() {
            if (resume()) {
                watchdogResumes.incrementAndGet();
            }
        }

        /** Whether the watchdog had to resume the target (the caller took longer than allowed). */
        public boolean expired() {
            return resumed.get() && guard.isDone() && !guard.isCancelled();
        }

        private boolean resume() {
            if (!resumed.compareAndSet(false, true)) {
                return false;
            }
            long nanos = System.nanoTime() - started;
            try {
                if (takeSuspend()) {
                    vm.resume();
                }
            } catch (VMDisconnectedException e) {
                // the target is gone, or the session closed: nothing left suspended
            } finally {
                recordPause(nanos);
            }
            return true;
        }

        @Override
        public void close() {
            guard.cancel(false);
            resume();
        }
    }

    private final VirtualMachine vm;
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger suspends = new AtomicInteger();
    private final AtomicInteger watchdogResumes = new AtomicInteger();
    private volatile long longestPauseNanos;
    private volatile int pauses;

    Suspensions(VirtualMachine vm, ScheduledExecutorService watchdog) {
        this.vm = vm;
        this.watchdog = watchdog;
    }

    Suspension suspendAll(Duration max) {
        suspends.incrementAndGet();
        try {
            vm.suspend();
        } catch (RuntimeException e) {
            suspends.decrementAndGet();
            throw e;
        }
        return new Suspension(max);
    }

    /** Resumes every suspension still outstanding (the session closes). */
    void resumeAll() {
        while (takeSuspend()) {
            vm.resume();
        }
    }

    /** Takes one of this session's outstanding suspensions, if any, so that each is resumed exactly once. */
    private boolean takeSuspend() {
        while (true) {
            int n = suspends.get();
            if (n <= 0) {
                return false;
            }
            if (suspends.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    private synchronized void recordPause(long nanos) {
        pauses++;
        longestPauseNanos = Math.max(longestPauseNanos, nanos);
    }

    double longestPauseMillis() {
        return longestPauseNanos / 1e6;
    }

    int pauses() {
        return pauses;
    }

    int watchdogResumes() {
        return watchdogResumes.get();
    }
}
