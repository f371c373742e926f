package io.maprace.probe.watch;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

import io.maprace.testkit.ChildJvm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test target in a child JVM ({@link ChildJvm}) started with the JDWP agent listening on a free port: what a
 * live test needs on top of the harness, the agent's port (read from its {@code Listening ...} lines, again after
 * each debugger leaves), the target's progress, and a debugger attached to it.
 */
public final class TargetProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");
    private static final Pattern PROGRESS = Pattern.compile("^progress .* ops=(\\d+)");

    private final ChildJvm jvm;

    private TargetProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Wraps any child process (the tool itself, in kill tests) to collect and await its output. */
    public static TargetProcess of(Process process) {
        return new TargetProcess(ChildJvm.of(process, "process " + process.pid()));
    }

    /** Starts {@code mainClass} from the test classes with JDWP and waits until it is ready. */
    public static TargetProcess start(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        return start(ChildJvm.currentJavaHome(), mainClass, args);
    }

    /**
     * As {@link #start(Class, String...)}, with the whole test classpath and {@code java.util} open to it: a target
     * that damages maps with the samples' code.
     */
    public static TargetProcess startWithTestClasspath(Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        return start(ChildJvm.currentJavaHome(), List.of("--add-opens", "java.base/java.util=ALL-UNNAMED"),
                System.getProperty("java.class.path"), mainClass, args);
    }

    /** As {@link #start(Class, String...)}, on the JDK at {@code javaHome}. */
    public static TargetProcess start(Path javaHome, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        return start(javaHome, List.of(), ChildJvm.classesOf(mainClass).toString(), mainClass, args);
    }

    private static TargetProcess start(Path javaHome, List<String> jvmArgs, String classpath, Class<?> mainClass,
                                       String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add(ChildJvm.JDWP);
        cmd.add("-Xmx128m");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        TargetProcess t = new TargetProcess(ChildJvm.start(cmd, mainClass.getName()));
        boolean started = t.jvm.awaitLines(lines -> port(lines) > 0
                && lines.stream().anyMatch(l -> l.startsWith("ready")), Duration.ofSeconds(60));
        if (!started) {
            t.close();
            throw new IllegalStateException("target did not start: " + t.lines());
        }
        return t;
    }

    /** The port the agent listens on now: its last {@code Listening} line. */
    private static int port(List<String> lines) {
        int port = -1;
        for (String l : lines) {
            Matcher m = LISTENING.matcher(l);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        return port;
    }

    public int port() {
        return port(lines());
    }

    public long pid() {
        return jvm.pid();
    }

    public Process process() {
        return jvm.process();
    }

    public List<String> lines() {
        return jvm.lines();
    }

    /** Sends a line to the target's stdin (a command, for targets that read one). */
    public void send(String line) throws IOException {
        jvm.send(line);
    }

    /**
     * Waits until the JDWP agent listens on a port other than {@code old} (it listens again on a new port after
     * a debugger leaves, with {@code address=...:0}); returns it, or -1 on timeout.
     */
    public int awaitNewPort(int old, long timeoutMillis) throws InterruptedException {
        boolean moved = jvm.awaitLines(lines -> port(lines) != old, Duration.ofMillis(timeoutMillis));
        return moved ? port() : -1;
    }

    /** Waits for an output line starting with {@code prefix}; returns it, or null on timeout. */
    public String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        return jvm.findLine(l -> l.startsWith(prefix), Duration.ofMillis(timeoutMillis));
    }

    /** The last {@code progress ... ops=N} count printed, or -1. */
    public long lastOps() {
        return lastOps(lines());
    }

    private static long lastOps(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PROGRESS.matcher(lines.get(i));
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    /** Waits for a new progress line showing more operations than {@code than}; false on timeout. */
    public boolean awaitProgressBeyond(long than, long timeoutMillis) throws InterruptedException {
        return jvm.awaitLines(lines -> lastOps(lines) > than, Duration.ofMillis(timeoutMillis));
    }

    public VirtualMachine attach() throws Exception {
        return attach(port());
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

    /** Kills it at once: a test target needs no orderly end. */
    @Override
    public void close() {
        try {
            jvm.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
