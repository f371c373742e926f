package io.maprace.testkit;

import io.maprace.samples.Catalog;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A JVM started by a test (a sample, a test target, the tool itself), the one harness of every module's tests.
 * Its output lines (stdout and stderr, in the order they arrive) are kept, so tests wait for a line with a
 * deadline instead of sleeping; stdin takes commands. Closing kills it.
 */
public final class ChildJvm implements AutoCloseable {

    /** The JDWP agent every live test target gets. */
    public static final String JDWP = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    public static final String JDWP_ONJCMD = JDWP + ",onjcmd=y";
    /** What the corrupting test targets need to write java.util internals. */
    public static final List<String> OPENS = List.of("--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.ref=ALL-UNNAMED");

    /** One line of output, and whether it came on stderr. */
    private record Line(boolean err, String text) {
    }

    private final Process process;
    private final String description;
    /** Guarded by itself, notified on every new line. */
    private final List<Line> lines = new ArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(2);

    private ChildJvm(Process process, String description) {
        this.process = process;
        this.description = description;
        pump(process.getInputStream(), false);
        pump(process.getErrorStream(), true);
    }

    /** Collects the output of any child process (the tool itself, in kill tests). */
    public static ChildJvm of(Process process, String description) {
        return new ChildJvm(process, description);
    }

    /** Starts a command as given: {@code java} and its arguments. */
    public static ChildJvm start(List<String> command, String description) throws IOException {
        return new ChildJvm(new ProcessBuilder(command).start(), description);
    }

    /**
     * Starts {@code java <jvmArgs> -cp <classpath> <mainClass> <args>} with the java of {@code javaHome}, tuned
     * for a quick start.
     */
    public static ChildJvm start(Path javaHome, List<String> jvmArgs, String classpath, String mainClass,
                                 String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1"); // quicker start; the targets need no peak performance in tests
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).start(), mainClass);
    }

    /** Starts a sample program of the samples module with its own JVM flags; {@code --seconds} etc. in args. */
    public static ChildJvm startSample(List<String> jvmArgs, String mainClass, String... args) throws IOException {
        return start(currentJavaHome(), jvmArgs, classpath(Catalog.class), mainClass, args);
    }

    /**
     * Starts a sample of the catalog with its own JVM flags (and the JDWP agent if asked), and waits for its
     * {@code ready} line.
     */
    public static ChildJvm startSample(Catalog.Sample sample, boolean jdwp, String... args)
            throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>(sample.jvmFlags());
        if (jdwp) {
            flags.add(JDWP);
        }
        return startSample(flags, sample.mainClass(), args).ready();
    }

    /** Waits for its {@code ready} line (30 s at most); closes it if none comes. */
    public ChildJvm ready() throws InterruptedException {
        try {
            awaitLine("ready pid=", Duration.ofSeconds(30));
        } catch (AssertionError | InterruptedException e) {
            close();
            throw e;
        }
        return this;
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

    /** Where a class was loaded from: its module's classes directory or jar. */
    public static Path classesOf(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A class path of the classes directories (or jars) the given classes were loaded from. */
    public static String classpath(Class<?>... classes) {
        return Arrays.stream(classes).map(c -> classesOf(c).toString()).distinct()
                .collect(Collectors.joining(File.pathSeparator));
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

    private void pump(InputStream stream, boolean err) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(new Line(err, line));
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process was destroyed: nothing more to read
            } finally {
                drained.countDown();
            }
        }, err ? "child-stderr" : "child-stdout");
        t.setDaemon(true);
        t.start();
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Every line so far, stdout and stderr as they arrived. */
    public List<String> lines() {
        synchronized (lines) {
            return lines.stream().map(Line::text).toList();
        }
    }

    public List<String> stdout() {
        synchronized (lines) {
            return lines.stream().filter(l -> !l.err()).map(Line::text).toList();
        }
    }

    public List<String> stderr() {
        synchronized (lines) {
            return lines.stream().filter(Line::err).map(Line::text).toList();
        }
    }

    /**
     * Waits until the lines so far (stdout and stderr) satisfy {@code condition}; false on timeout. The condition
     * is tested again on every new line.
     */
    public boolean awaitLines(Predicate<List<String>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (!condition.test(lines.stream().map(Line::text).toList())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
            return true;
        }
    }

    /** The first line (so far or to come) that matches; null if none comes in time. */
    public String findLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        String[] found = new String[1];
        awaitLines(all -> {
            found[0] = all.stream().filter(match).findFirst().orElse(null);
            return found[0] != null;
        }, timeout);
        return found[0];
    }

    /** The first line that matches; fails with the output if none comes in time. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        String line = findLine(match, timeout);
        if (line == null) {
            throw new AssertionError("no matching line from " + description + " within " + timeout.toMillis()
                    + " ms (alive: " + process.isAlive() + "); output:\n" + String.join("\n", lines()));
        }
        return line;
    }

    /** The first line that starts with {@code prefix}; fails with the output if none comes in time. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    /** Sends a line to its stdin (a command, for targets that read one). */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends {@code ping}; the test target answers {@code pong <work done>}. */
    public long ping(Duration timeout) throws IOException, InterruptedException {
        int before = lines().size();
        send("ping");
        String[] pong = new String[1];
        boolean answered = awaitLines(all -> {
            pong[0] = all.subList(before, all.size()).stream().filter(l -> l.startsWith("pong ")).findFirst()
                    .orElse(null);
            return pong[0] != null;
        }, timeout);
        if (!answered) {
            throw new AssertionError("no pong from " + description + " within " + timeout.toMillis() + " ms");
        }
        return Long.parseLong(pong[0].substring(5).trim());
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

    /** Waits for the JVM to exit on its own; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(description + " still running after " + timeout + "; output: " + lines());
        }
        return process.exitValue();
    }

    /** Waits until both streams are read to their end (call after the exit). */
    public void drain() throws InterruptedException {
        if (!drained.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("output streams still open");
        }
    }

    /** Kills it at once (SIGKILL), as an on-call engineer's kill -9 would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Ends it (SIGTERM, then SIGKILL if it lingers). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
