package io.maprace.probe.watch;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test target in a child JVM started with the JDWP agent listening on a free port. Waits (with a timeout,
 * never a sleep) for the agent's {@code Listening ...} line and the target's {@code ready} line.
 */
public final class TargetProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch listening = new CountDownLatch(1);
    /** Output lines so far; guarded by itself, notified on every new line. */
    private final List<String> lines = new ArrayList<>();
    private volatile int port;

    /** Wraps any child process (the tool itself, in kill tests) to collect and await its output. */
    public static TargetProcess of(Process process) {
        return new TargetProcess(process);
    }

    private TargetProcess(Process process) {
        this.process = process;
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    /** Starts {@code mainClass} from the test classes with JDWP and waits until it is ready. */
    public static TargetProcess start(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        return start(Paths.get(System.getProperty("java.home")), mainClass, args);
    }

    /** As {@link #start(Class, String...)}, on the JDK at {@code javaHome}. */
    public static TargetProcess start(Path javaHome, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
        cmd.add("-Xmx128m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(classesOf(mainClass).toString());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        TargetProcess t = new TargetProcess(new ProcessBuilder(cmd).start());
        if (!t.listening.await(30, TimeUnit.SECONDS) || !t.ready.await(30, TimeUnit.SECONDS)) {
            t.close();
            throw new IllegalStateException("target did not start: " + t.lines);
        }
        return t;
    }

    static Path classesOf(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void pump(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                        listening.countDown();
                    } else if (line.startsWith("ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "target-output");
        t.setDaemon(true);
        t.start();
    }

    /** Sends a line to the target's stdin (a command, for targets that read one). */
    public void send(String line) throws IOException {
        java.io.OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits until the JDWP agent listens on a port other than {@code old} (it listens again on a new port after
     * a debugger leaves, with {@code address=...:0}); returns it, or -1 on timeout.
     */
    public int awaitNewPort(int old, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lines) {
            while (port == old) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return -1;
                }
                lines.wait(left);
            }
            return port;
        }
    }

    /** Waits for an output line starting with {@code prefix}; returns it, or null on timeout. */
    public String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                lines.wait(left);
            }
        }
    }

    /** The last {@code progress ... ops=N} count printed, or -1. */
    public long lastOps() {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            Matcher m = Pattern.compile("^progress .* ops=(\\d+)").matcher(all.get(i));
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    /** Waits for a new progress line showing more operations than {@code than}; false on timeout. */
    public boolean awaitProgressBeyond(long than, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lines) {
            while (lastOps() <= than) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                lines.wait(left);
            }
            return true;
        }
    }

    public VirtualMachine attach() throws Exception {
        return attach(port);
    }

    /**
     * After a tool left (exited, or was killed): the JDWP agent listens again on a new port, the target keeps
     * making progress, and a new debugger finds no breakpoint, no suspended thread and no event left behind.
     */
    public void assertFreeAfter(int usedPort) throws Exception {
        int newPort = awaitNewPort(usedPort, 10_000);
        assertTrue(newPort > 0, "the JDWP agent did not listen again");
        long ops = lastOps();
        assertTrue(awaitProgressBeyond(ops, 5000), "the target stopped making progress");
        VirtualMachine vm = attach(newPort);
        try {
            assertEquals(List.of(), vm.eventRequestManager().breakpointRequests());
            assertNoThreadSuspended(vm);
            assertNull(vm.eventQueue().remove(1000), "events from requests left behind");
        } finally {
            vm.dispose();
        }
    }

    public static void assertNoThreadSuspended(VirtualMachine vm) {
        for (ThreadReference t : vm.allThreads()) {
            assertEquals(0, t.suspendCount(), () -> t.name() + " is suspended");
        }
    }

    public static VirtualMachine attach(int port) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(String.valueOf(port));
        args.get("timeout").setValue("10000");
        return socket.attach(args);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
