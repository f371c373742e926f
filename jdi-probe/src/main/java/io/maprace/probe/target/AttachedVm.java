package io.maprace.probe.target;

import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDI session with a target JVM that always ends cleanly. {@link #close()} deletes every event request made
 * through this session, resumes whatever it suspended and disposes the connection; it runs on a normal exit, from
 * a shutdown hook (Ctrl-C), from the deadline set with {@link #closeAt}, and is safe to call more than once. If the
 * tool process dies instead, the JDWP agent itself resumes every thread and cancels every request when the socket
 * drops.
 *
 * <p>JDI mirrors must not leave the {@code jdi-probe} module: callers translate what they read into records.
 */
public final class AttachedVm implements AutoCloseable {

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
    private final JdwpConnection connection;
    private final JvmDescriptor target;
    private final List<String> warnings;
    private final ScheduledExecutorService watchdog;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch detached = new CountDownLatch(1);
    private final AtomicInteger suspends = new AtomicInteger();
    private final AtomicInteger watchdogResumes = new AtomicInteger();
    private volatile String closedBecause;
    /** Runs first when maprace is interrupted, while the session is still open (a watch writes its report). */
    private volatile Runnable beforeInterruptDetach = () -> { };
    private volatile long longestPauseNanos;
    private volatile int pauses;

    AttachedVm(VirtualMachine vm, JdwpConnection connection, JvmDescriptor target, List<String> warnings) {
        this.vm = vm;
        this.connection = connection;
        this.target = target;
        this.warnings = List.copyOf(warnings);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maprace-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.shutdownHook = new Thread(this::interrupted, "maprace-detach");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The JDI mirror of the target. Event requests made on it are deleted by {@link #close()}. */
    public VirtualMachine vm() {
        return vm;
    }

    /** The target as described before attaching; pid -1 for a {@code host:port} target. */
    public JvmDescriptor target() {
        return target;
    }

    /** {@code pid 1234 (com.foo.Main, JDK 17)}, or {@code 127.0.0.1:5005 (JDK 17)}. */
    public String label() {
        return target.pid() > 0 ? target.label() : target.mainClass() + (target.feature() > 0
                ? " (JDK " + target.feature() + ")" : "");
    }

    /** Things the user should know about the target (a JDWP port open to the network). */
    public List<String> warnings() {
        return warnings;
    }

    /** The target's hsperfdata counters now (local targets only): safepoint time, heap use. */
    public Optional<HsPerfData> perfData() {
        return target.pid() > 0 ? ProcFs.hsperfFile(target.pid()).flatMap(HsPerfData::read) : Optional.empty();
    }

    /**
     * Suspends every thread of the target. A watchdog resumes them after {@code max} even if the caller never
     * closes the returned handle; the pause is measured and reported by {@link #longestPauseMillis()}.
     */
    public Suspension suspendAll(Duration max) {
        checkOpen();
        suspends.incrementAndGet();
        try {
            vm.suspend();
        } catch (RuntimeException e) {
            suspends.decrementAndGet();
            throw e;
        }
        return new Suspension(max);
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

    /** The longest time this session held the target's threads suspended. */
    public double longestPauseMillis() {
        return longestPauseNanos / 1e6;
    }

    public int pauses() {
        return pauses;
    }

    public int watchdogResumes() {
        return watchdogResumes.get();
    }

    /** Closes the session at {@code deadline} from now whatever the caller is doing (a hung read, a slow target). */
    public void closeAt(Duration deadline, String reason) {
        watchdog.schedule(() -> closeBecause(reason), deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the session has been closed and the target released; false on timeout. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return detached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the session was closed by maprace (a deadline, Ctrl-C), or null. */
    public String closedBecause() {
        return closedBecause;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new MapraceException(Problem.TARGET_EXITED, "the session with " + label() + " is closed"
                    + (closedBecause == null ? "" : ": " + closedBecause));
        }
    }

    /**
     * Turns a lost connection into the problem to report: the target exited, or maprace closed the session
     * (deadline, Ctrl-C). Call it where a JDI exception reaches the edge of the probe.
     */
    public MapraceException lost(RuntimeException e) {
        if (closedBecause != null) {
            return new MapraceException(Problem.TIME_BUDGET_EXCEEDED, "stopped: " + closedBecause, e);
        }
        // The socket closes a moment before the process is gone: give it that moment.
        boolean gone = target.pid() > 0 && ProcFs.awaitExit(target.pid(), 1000);
        return new MapraceException(Problem.TARGET_EXITED, label() + (gone ? " exited" : " closed the JDWP connection")
                + " while maprace was working — nothing was left behind in it", e);
    }

    /**
     * What to do on Ctrl-C (or SIGTERM) before the session closes, on the shutdown hook's thread: finish what the
     * command was doing (stop, write the report so far). It must bound its own wait; the detach follows it.
     */
    public void beforeInterruptDetach(Runnable action) {
        this.beforeInterruptDetach = action;
    }

    private void interrupted() {
        try {
            beforeInterruptDetach.run();
        } catch (RuntimeException e) {
            // the detach below matters more than whatever failed here
        }
        closeBecause("maprace was interrupted");
    }

    private void closeBecause(String reason) {
        if (!closed.get()) {
            closedBecause = reason;
        }
        close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // dispose() alone cancels requests and resumes threads in the agent; doing it explicitly first keeps
            // the target clean even when dispose cannot reach it. Each step is bounded: a hung target must not
            // hang the tool, and closing the socket makes the agent reset itself.
            Thread cleanup = new Thread(this::cleanUp, "maprace-detach-cleanup");
            cleanup.setDaemon(true);
            cleanup.start();
            try {
                cleanup.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                connection.close();
            } catch (IOException e) {
                // already closed
            }
            watchdog.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // closing from the shutdown hook itself
            }
            detached.countDown();
        }
    }

    private void cleanUp() {
        try {
            EventRequestManager erm = vm.eventRequestManager();
            List<EventRequest> all = new ArrayList<>();
            all.addAll(erm.breakpointRequests());
            all.addAll(erm.accessWatchpointRequests());
            all.addAll(erm.modificationWatchpointRequests());
            all.addAll(erm.classPrepareRequests());
            all.addAll(erm.classUnloadRequests());
            all.addAll(erm.exceptionRequests());
            all.addAll(erm.methodEntryRequests());
            all.addAll(erm.methodExitRequests());
            all.addAll(erm.stepRequests());
            all.addAll(erm.threadStartRequests());
            all.addAll(erm.threadDeathRequests());
            all.addAll(erm.monitorContendedEnterRequests());
            all.addAll(erm.monitorContendedEnteredRequests());
            all.addAll(erm.monitorWaitRequests());
            all.addAll(erm.monitorWaitedRequests());
            all.addAll(erm.vmDeathRequests());
            erm.deleteEventRequests(all);
        } catch (RuntimeException e) {
            // disconnected, or a request already gone: dispose below cancels whatever is left
        }
        try {
            while (takeSuspend()) {
                vm.resume();
            }
        } catch (RuntimeException e) {
            // disconnected: the agent resumes every thread when the connection drops
        }
        try {
            vm.dispose();
        } catch (RuntimeException e) {
            // already disconnected
        }
    }
}
