package io.maprace.probe.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test: a target or a tool. Its stdout lines are queued so tests wait for a line (with a
 * deadline) instead of sleeping; stderr is kept for failure messages. Closing kills it.
 */
public final class ChildJvm implements AutoCloseable {

    /** The JDWP agent every live test target gets. */
    public static final String JDWP = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    public static final String JDWP_ONJCMD = JDWP + ",onjcmd=y";
    /** What the corrupting test targets need to write java.util internals. */
    public static final List<String> OPENS = List.of("--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.ref=ALL-UNNAMED");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;
    private final String description;

    private ChildJvm(Process process, String description) {
        this.process = process;
        this.description = description;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "child-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "child-stderr");
        err.setDaemon(true);
        err.start();
    }

    private void pump(BufferedReader reader, boolean out) {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out) {
                    lines.add(line);
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Starts {@code mainClass} from this module's test classes, with the java of {@code javaHome}. */
    public static ChildJvm start(Path javaHome, List<String> jvmArgs, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).start(), mainClass);
    }

    /**
     * Starts a sample program of the samples module (as a test dependency, its classes are on this JVM's
     * classpath), with its own JVM flags, and waits for its {@code ready} line.
     */
    public static ChildJvm startSample(io.maprace.samples.Catalog.Sample sample, boolean jdwp, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(currentJavaHome().resolve("bin").resolve("java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(sample.jvmFlags());
        if (jdwp) {
            cmd.add(JDWP);
        }
        cmd.add("-cp");
        try {
            cmd.add(Paths.get(io.maprace.samples.Catalog.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        cmd.add(sample.mainClass());
        cmd.addAll(List.of(args));
        ChildJvm jvm = new ChildJvm(new ProcessBuilder(cmd).start(), sample.name());
        try {
            jvm.awaitLine("ready pid=", Duration.ofSeconds(30));
        } catch (AssertionError | InterruptedException e) {
            jvm.close();
            throw e;
        }
        return jvm;
    }

    /** Starts a class with the test JVM's own java and classpath (a tool process). */
    public static ChildJvm startWithTestClasspath(List<String> jvmArgs, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(currentJavaHome().resolve("bin").resolve("java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).start(), mainClass);
    }

    public static Path currentJavaHome() {
        return Paths.get(System.getProperty("java.home"));
    }

    /** A JDK 24 or newer on this machine ({@code MAPRACE_TEST_JDK25} or the usual Temurin path), or null. */
    public static Path newJdk() {
        String env = System.getenv("MAPRACE_TEST_JDK25");
        for (String p : new String[] {env, "/usr/lib/jvm/temurin-25-jdk-amd64"}) {
            if (p != null && Files.isExecutable(Paths.get(p, "bin", "java"))) {
                return Paths.get(p);
            }
        }
        return null;
    }

    private static String classpath() {
        try {
            return Paths.get(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the next stdout line that starts with {@code prefix}; fails with stderr if none comes in time. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line starting with '" + prefix + "' from " + description + " within "
                        + timeout.toMillis() + " ms (alive: " + process.isAlive() + "); stderr:\n" + stderr);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Forgets the stdout lines not awaited yet: the next line awaited is one printed from now on. */
    public void skipPending() {
        lines.clear();
    }

    /** Sends {@code ping}; the test target answers {@code pong <work done>}. */
    public long ping(Duration timeout) throws IOException, InterruptedException {
        stdin.write("ping\n");
        stdin.flush();
        return Long.parseLong(awaitLine("pong ", timeout).substring(5).trim());
    }

    /** Pings until the target's worker has done more work than at the first ping: its threads run. */
    public void awaitWorkProgress(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long first = ping(timeout);
        while (System.nanoTime() < deadline) {
            if (ping(timeout) > first) {
                return;
            }
        }
        throw new AssertionError("the target's worker made no progress within " + timeout.toMillis() + " ms");
    }

    public String stderr() {
        return stderr.toString();
    }

    /** Kills it at once (SIGKILL), as an on-call engineer's kill -9 would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
