package io.maprace.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A sample started as its own JVM, as the tool's tests start them; stdout and stderr are collected by line. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(2);

    private ChildJvm(Process process) {
        this.process = process;
        pump(process.getInputStream(), out, "stdout");
        pump(process.getErrorStream(), err, "stderr");
    }

    /** Starts {@code java <jvmFlags> -cp <samples classes> <mainClass> <args>}. */
    static ChildJvm start(List<String> jvmFlags, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1"); // quicker start; the samples need no peak performance in tests
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classesDir().toString());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).start());
    }

    /** Where the samples' classes are (target/classes). */
    static Path classesDir() {
        try {
            return Path.of(SampleMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    String awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                for (String line : out) {
                    if (condition.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; stdout: " + out
                            + " stderr: " + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(out, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /** Waits for the JVM to exit on its own; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("JVM still running after " + timeout + "; stdout: " + stdout());
        }
        return process.exitValue();
    }

    List<String> stdout() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** Waits until both streams are read to their end (call after the exit). */
    void drain() throws InterruptedException {
        if (!drained.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("output streams still open");
        }
    }

    private void pump(InputStream stream, List<String> lines, String name) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process was destroyed: nothing more to read
            } finally {
                drained.countDown();
            }
        }, "child-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
