package io.maprace.probe.target;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Attaches to a target with JDI, the one way in for every live command. By pid (or main class) the JVM is
 * checked step by step before anything touches it; its JDWP agent's address is read from the agent property
 * {@code sun.jdwp.listenerAddress} (what the {@code com.sun.jdi.ProcessAttach} connector reads) and a dormant
 * agent ({@code onjcmd=y}) is started with {@code VM.start_java_debugging}. The socket is opened here rather than
 * by JDI's connectors so that the handshake is bounded and each failure gets its own message.
 */
public final class Attacher {

    /** A JDWP agent answers the handshake at once; a port that stays silent this long is something else. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    private Attacher() {
    }

    /**
     * @param timeout bound of each step (attach, start of a dormant agent, connect, handshake)
     * @throws MapraceException with the problem that stopped it, and a message saying what to do
     */
    public static AttachedVm attach(TargetSpec spec, Duration timeout, Progress progress) {
        if (spec instanceof TargetSpec.Socket s) {
            JvmDescriptor d = new JvmDescriptor(-1, s.text(), "?", 0, "?", null, JfrStatus.UNKNOWN, null);
            return connect(s.host(), s.port(), d, timeout, List.of(), s.text());
        }
        long pid = LocalJvms.resolve(spec);
        JvmDescriptor d = LocalJvms.describe(pid, timeout);
        JdwpStatus jdwp = d.jdwp();
        List<String> warnings = new ArrayList<>();
        if (jdwp.exposed()) {
            warnings.add("the JDWP agent of " + d.label() + " listens on " + jdwp.configured()
                    + ", reachable from other hosts: anyone who can connect to it can run code in that JVM — "
                    + "restart it with address=127.0.0.1:0");
        }
        switch (jdwp.state()) {
            case LISTENING -> {
                progress.phase("attaching to " + d.label(), -1);
                return connect(jdwp.connectHost(), jdwp.port(), d, timeout, warnings, d.label());
            }
            case DORMANT -> {
                progress.note("starting the dormant JDWP agent of " + d.label() + " (jcmd " + pid
                        + " VM.start_java_debugging); like every onjcmd agent it keeps listening after maprace detaches");
                AttachApi.jcmd(pid, "VM.start_java_debugging", timeout);
                JvmDescriptor started = LocalJvms.describe(pid, timeout);
                if (started.jdwp().state() != JdwpStatus.State.LISTENING) {
                    throw new MapraceException(Problem.ATTACH_FAILED, "started the JDWP agent of " + d.label()
                            + " but it does not listen (" + started.jdwp().describe() + ") — retry, or restart it with "
                            + JdwpStatus.flagFor(d.feature()));
                }
                return connect(started.jdwp().connectHost(), started.jdwp().port(), started, timeout, warnings,
                        d.label());
            }
            case BUSY -> throw new MapraceException(Problem.DEBUGGER_BUSY, d.label()
                    + " already has a debugger attached (an IDE?) and JDWP takes one at a time — detach it and retry");
            case CLIENT -> throw new MapraceException(Problem.NO_JDWP, d.label()
                    + " has a JDWP agent that connects out (server=n), so there is nothing to attach to — "
                    + "restart it with " + JdwpStatus.flagFor(d.feature()));
            default -> throw new MapraceException(Problem.NO_JDWP, noJdwpMessage(d));
        }
    }

    /** No agent: say the flag for its JDK and what works without it. */
    public static String noJdwpMessage(JvmDescriptor d) {
        return d.label() + " has no JDWP agent, and one cannot be loaded into a running JVM — add "
                + JdwpStatus.flagFor(d.feature()) + " at its next start (" + JdwpStatus.flagNote(d.feature())
                + "); meanwhile 'maprace scan " + d.pid() + " --heap-dump' checks its maps in a heap dump (no flag "
                + "needed; it stops the JVM about 1-3.5 s per GB of heap), and 'maprace analyze' on a JFR recording "
                + "works: jcmd " + d.pid() + " JFR.start duration=60s filename=/tmp/maprace-" + d.pid() + ".jfr";
    }

    private static AttachedVm connect(String host, int port, JvmDescriptor d, Duration timeout, List<String> warnings,
                                      String what) {
        JdwpConnection connection;
        try {
            connection = JdwpConnection.open(host, port, timeout, HANDSHAKE_TIMEOUT.compareTo(timeout) < 0
                    ? HANDSHAKE_TIMEOUT : timeout);
        } catch (JdwpConnection.NotJdwpException e) {
            throw new MapraceException(Problem.NOT_JDWP, host + ":" + port + " is not a JDWP agent: " + e.getMessage()
                    + " — check the port ('maprace ps' shows the JDWP address of each local JVM)", e);
        } catch (ConnectException e) {
            if (d.pid() > 0 && !ProcFs.exists(d.pid())) {
                throw new MapraceException(Problem.TARGET_EXITED, d.label() + " exited before maprace could attach", e);
            }
            if (d.pid() > 0) {
                throw new MapraceException(Problem.DEBUGGER_BUSY, d.label() + " stopped listening on port " + port
                        + " (another debugger attached just now?) — retry", e);
            }
            throw new MapraceException(Problem.NO_JDWP, "nothing listens on " + host + ":" + port
                    + " (no JDWP agent there, or a debugger is already attached) — 'maprace ps' shows the JDWP "
                    + "address of each local JVM", e);
        } catch (UnknownHostException e) {
            throw new MapraceException(Problem.USAGE, "unknown host '" + host + "' — name a host:port that resolves", e);
        } catch (SocketTimeoutException e) {
            throw new MapraceException(Problem.ATTACH_FAILED, "no answer from " + host + ":" + port + " within "
                    + timeout.toSeconds() + " s — a firewall? check the address", e);
        } catch (IOException e) {
            throw new MapraceException(Problem.ATTACH_FAILED, "cannot connect to " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        FutureTask<VirtualMachine> create = new FutureTask<>(
                () -> Bootstrap.virtualMachineManager().createVirtualMachine(connection));
        Thread t = new Thread(create, "maprace-jdwp-init");
        t.setDaemon(true);
        t.start();
        VirtualMachine vm;
        try {
            vm = create.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            closeQuietly(connection);
            throw new MapraceException(Problem.NOT_JDWP, host + ":" + port + " answered the JDWP handshake but not "
                    + "JDWP commands within " + timeout.toSeconds() + " s — is it a JDWP agent?", e);
        } catch (InterruptedException e) {
            closeQuietly(connection);
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.ATTACH_FAILED, "interrupted while attaching to " + what, e);
        }
        JvmDescriptor described = d;
        if (d.pid() < 0) {
            String version = vm.version();
            described = new JvmDescriptor(-1, what, version, JvmDescriptor.featureOf(version), "?", null,
                    JfrStatus.UNKNOWN, null);
        }
        return new AttachedVm(vm, connection, described, warnings);
    }

    private static void closeQuietly(JdwpConnection c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing after a failure
        }
    }
}
