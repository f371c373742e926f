package io.maprace.samples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs a sample with {@link SampleMain#run} on a thread of the test JVM and collects its output lines. */
final class InProcessRun implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread runner;
    private volatile int exitCode = -1;

    private InProcessRun(SampleProgram program, String... args) {
        PrintStream out = new PrintStream(new LineSink(), true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        runner = new Thread(() -> exitCode = SampleMain.run(program, args, out, errStream), "run-" + program.name());
        runner.setDaemon(true);
    }

    static InProcessRun start(SampleProgram program, String... args) {
        InProcessRun run = new InProcessRun(program, args);
        run.runner.start();
        return run;
    }

    /** Waits for a line matching {@code condition}; returns it, or fails after {@code timeout}. */
    String awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (condition.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !runner.isAlive() && exitCode >= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; output: " + lines
                            + " stderr: " + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    String awaitReady() throws InterruptedException {
        return awaitLine(l -> l.startsWith("ready "), Duration.ofSeconds(20));
    }

    /** Waits for the run to end on its own; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        runner.join(timeout.toMillis());
        if (runner.isAlive()) {
            throw new AssertionError("run did not end within " + timeout + "; output: " + lines());
        }
        return exitCode;
    }

    /** Ends the run early (a {@code done} line is still printed); returns the exit code. */
    int stop() throws InterruptedException {
        runner.interrupt();
        return awaitExit(Duration.ofSeconds(10));
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (runner.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Splits what the sample prints into lines as they come. */
    private final class LineSink extends OutputStream {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            if (b == '\n') {
                String line = current.toString(StandardCharsets.UTF_8);
                current.reset();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            } else {
                current.write(b);
            }
        }
    }
}
