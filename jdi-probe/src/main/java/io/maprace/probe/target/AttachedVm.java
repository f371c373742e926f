package io.maprace.probe.target;

import com.sun.jdi.VirtualMachine;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.heap.ScanOptions;
import io.maprace.probe.scan.ScanResult;
import io.maprace.probe.fix.FixOptions;
import io.maprace.probe.fix.FixRecords;
import io.maprace.probe.fix.Fixer;
import io.maprace.probe.scan.Scanner;
import io.maprace.probe.watch.SampledSites;
import io.maprace.probe.watch.WatchListener;
import io.maprace.probe.watch.WatchOptions;
import io.maprace.probe.watch.WatchSession;
import io.maprace.progress.Progress;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    private final VirtualMachine vm;
    private final JdwpConnection connection;
    private final JvmDescriptor target;
    private final List<String> warnings;
    private final ScheduledExecutorService watchdog;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch detached = new CountDownLatch(1);
    private final Suspensions suspensions;
    private volatile String closedBecause;
    /** The target's JDWP agent's CPU meter, and its reading when maprace attached (-1: not measured). */
    private final Optional<AgentCpu> agent;
    private final long agentAtAttach;
    /** Runs first when maprace is interrupted, while the session is still open (a watch writes its report). */
    private volatile Runnable beforeInterruptDetach = () -> { };

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
        this.suspensions = new Suspensions(vm, watchdog);
        this.agent = AgentCpu.of(target.pid());
        this.agentAtAttach = agent.map(AgentCpu::nanos).orElse(-1L);
        this.shutdownHook = new Thread(this::interrupted, "maprace-detach");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The JDI mirror of the target, for the probe's own packages (through {@link #scan} and {@link #watch}); event
     * requests made on it are deleted by {@link #close()}.
     */
    VirtualMachine vm() {
        return vm;
    }

    /** Scans the target's heap (see {@link Scanner}). */
    public ScanResult scan(ScanOptions options, Progress progress) {
        return Scanner.scan(this, vm, options, progress);
    }

    /** A scan of the target's heap that another thread may stop (Ctrl-C); the caller runs it. */
    public Scanner scanner(ScanOptions options, Progress progress) {
        return new Scanner(this, vm, options, progress);
    }

    /** A watch of the target's map writes; the caller runs and closes it. */
    public WatchSession watch(WatchOptions options, Clock clock, WatchListener listener) {
        return new WatchSession(vm, options, clock, listener, this::agentCpuSinceAttach);
    }

    /**
     * The map fields written at sites a flight recording sampled ({@code pkg.Class.method(File.java:line)}), read
     * from the loaded classes' bytecode; nothing in the target is changed or stopped.
     */
    public List<SampledSites.Written> writtenAt(List<String> sites) {
        return SampledSites.fields(vm, sites);
    }

    /** Replaces racy maps of the target ({@code maprace fix}); the only part of the probe that changes it. */
    public Fixer fixer(FixOptions options, FixRecords records, Progress progress) {
        return new Fixer(this, vm, options, records, progress);
    }

    /** The label with the target's VM name and version: {@code pid 1234 (com.foo.Main, JDK 17), OpenJDK ... 17.0.9}. */
    public String description() {
        return label() + ", " + vm.name() + " " + vm.version();
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
    /** The meter of the CPU time the target's JDWP agent spends on maprace's requests: local targets on Linux. */
    public Optional<AgentCpu> agentCpu() {
        return agent;
    }

    /** CPU time the target's JDWP agent has spent since maprace attached, in nanoseconds; -1 when not measured. */
    public long agentCpuSinceAttach() {
        long now = agent.map(AgentCpu::nanos).orElse(-1L);
        return agentAtAttach < 0 || now < 0 ? -1 : now - agentAtAttach;
    }

    public Optional<HsPerfData> perfData() {
        return target.pid() > 0 ? ProcFs.hsperfFile(target.pid()).flatMap(HsPerfData::read) : Optional.empty();
    }

    /**
     * Suspends every thread of the target. A watchdog resumes them after {@code max} even if the caller never
     * closes the returned handle; the pause is measured and reported by {@link #longestPauseMillis()}.
     */
    public Suspensions.Suspension suspendAll(Duration max) {
        checkOpen();
        return suspensions.suspendAll(max);
    }

    /** The longest time this session held the target's threads suspended. */
    public double longestPauseMillis() {
        return suspensions.longestPauseMillis();
    }

    public int pauses() {
        return suspensions.pauses();
    }

    public int watchdogResumes() {
        return suspensions.watchdogResumes();
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
            suspensions.resumeAll();
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
