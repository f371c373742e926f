package io.maprace.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link SampleProgram}: the common command line, the output protocol and the exit.
 *
 * <p>Output on stdout, one line each, flushed:
 * <pre>{@code
 * ready pid=<pid> sample=<name>
 * progress t=<s>s ops=<n> opsPerSec=<n> writers=<n> stalled=<n> errors=<n> [sample facts]
 * done ops=<n> t=<s>s opsPerSec=<n> writers=<n> stalled=<n> errors=<n> [sample facts]
 * }</pre>
 * {@code ready} comes once every worker is running (each writer has finished a step, each spinner is inside
 * {@code java.util}). {@code progress} comes every second after that. {@code ops} counts the workers' operations
 * since start (a step that does a batch counts each operation); {@code opsPerSec} is the last second's (in
 * {@code done}: the average); {@code writers} counts the writer threads that finished a step during that second
 * ({@code done}: during the whole run); {@code stalled} the threads that finished no step for a whole second while
 * running inside {@code java.util} (spinning in a corrupted map); {@code errors} the exceptions thrown by map code so
 * far. {@code done} replaces the last progress line. Exit codes: 0 after {@code --seconds}, 2 for a bad command line
 * or a JVM the sample cannot run in (a one-line message on stderr), 1 if the workers never got going.
 */
public final class SampleMain {

    static final long READY_TIMEOUT_MILLIS = 20_000;

    private SampleMain() {
    }

    /** Runs {@code program} with {@code args} and exits the JVM with its exit code. */
    public static void main(SampleProgram program, String[] args) {
        int code = execute(program, args, System.out, System.err, 0, () -> false);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs {@code program} in this JVM without exiting: for tests. Interrupting the calling thread ends the run early
     * (with a {@code done} line). Workers are stopped afterwards; threads stuck in a corrupted map cannot be stopped
     * and stay behind (as daemon threads).
     *
     * @return the exit code {@link #main} would have used
     */
    public static int run(SampleProgram program, String[] args, PrintStream out, PrintStream err) {
        return run(program, args, out, err, () -> false);
    }

    /**
     * As {@link #run(SampleProgram, String[], PrintStream, PrintStream)}, and the run also ends at the first whole
     * second after {@code finish} says so (before {@code --seconds}), its workers stopped and joined as at the end.
     */
    public static int run(SampleProgram program, String[] args, PrintStream out, PrintStream err,
                          BooleanSupplier finish) {
        return execute(program, args, out, err, 1_000, finish);
    }

    private static int execute(SampleProgram program, String[] args, PrintStream out, PrintStream err,
                               long joinMillis, BooleanSupplier finish) {
        SampleOptions options;
        try {
            options = SampleOptions.parse(args, program.extraOptions());
        } catch (SampleOptions.UsageException e) {
            err.println(program.name() + ": " + e.getMessage());
            return 2;
        }
        Workers workers = new Workers(err);
        try {
            program.start(options, workers);
            if (!workers.awaitReady(READY_TIMEOUT_MILLIS)) {
                String why = workers.fatal() != null ? workers.fatal()
                        : "workers did not start within " + READY_TIMEOUT_MILLIS / 1000 + " s";
                err.println(program.name() + ": " + why);
                return 1;
            }
            out.println("ready pid=" + ProcessHandle.current().pid() + " sample=" + program.name());
            out.flush();
            report(program, options, workers, out, finish);
            return 0;
        } catch (SampleSetupException e) {
            err.println(program.name() + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            stop(program, workers, err, joinMillis);
        }
    }

    private static void report(SampleProgram program, SampleOptions options, Workers workers, PrintStream out,
                               BooleanSupplier finish) {
        long start = System.nanoTime();
        long previousOps = workers.tick().ops();
        for (long t = 1; ; t++) {
            // Interrupting the running thread ends the run early, as if --seconds had elapsed (tests use it).
            boolean interrupted = !sleepUntil(start + TimeUnit.SECONDS.toNanos(t));
            Workers.Tick tick = workers.tick();
            boolean last = interrupted || options.seconds() > 0 && t >= options.seconds() || finish.getAsBoolean();
            String facts = program.facts();
            String tail = " writers=" + (last ? workers.writersSinceStart() : tick.activeWriters())
                    + " stalled=" + tick.stalled() + " errors=" + tick.errors()
                    + (facts.isEmpty() ? "" : " " + facts);
            if (last) {
                long elapsed = Math.max(1, System.nanoTime() - start);
                long seconds = interrupted ? TimeUnit.NANOSECONDS.toSeconds(elapsed) : t;
                long opsPerSec = (long) (tick.ops() * 1e9 / elapsed);
                out.println("done ops=" + tick.ops() + " t=" + seconds + "s opsPerSec=" + opsPerSec + tail);
                out.flush();
                return;
            }
            if (!options.quiet()) {
                out.println("progress t=" + t + "s ops=" + tick.ops() + " opsPerSec=" + (tick.ops() - previousOps)
                        + tail);
                out.flush();
            }
            previousOps = tick.ops();
        }
    }

    /** Sleeps until {@code deadline} (a {@link System#nanoTime()}); false if interrupted. */
    private static boolean sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !Thread.currentThread().isInterrupted();
    }

    private static void stop(SampleProgram program, Workers workers, PrintStream err, long joinMillis) {
        try {
            List<Thread> alive = workers.stop(joinMillis);
            if (joinMillis > 0 && !alive.isEmpty()) {
                err.println(program.name() + ": " + alive.size() + " thread(s) still running (stuck in map code): "
                        + alive.stream().map(Thread::getName).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
