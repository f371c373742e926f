package io.maprace.samples;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * The threads of one sample run: starts them, counts their steps, and measures what the progress lines report.
 * Everything here is bookkeeping; the shared maps live in the samples.
 */
public final class Workers {

    private static final int MAX_PRINTED_ERRORS = 5;
    private static final long MIN_SPIN_CPU_NANOS = 1_000_000;

    private final List<Worker> all = new CopyOnWriteArrayList<>();
    private final PrintStream err;
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger printedErrors = new AtomicInteger();
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private final Map<Worker, long[]> lastSeen = new HashMap<>(); // reporter thread only: {ops, cpuNanos}
    private volatile boolean running = true;
    private volatile String fatal;

    Workers(PrintStream err) {
        this.err = err;
    }

    /** Starts {@code count} writers named {@code prefix-1 .. prefix-count}; {@code steps} makes each one's step. */
    public List<Worker> writers(String prefix, int count, IntFunction<Runnable> steps) {
        return writers(prefix, count, 1, steps);
    }

    /** As {@link #writers(String, int, IntFunction)}, for steps that each do {@code opsPerStep} operations. */
    public List<Worker> writers(String prefix, int count, int opsPerStep, IntFunction<Runnable> steps) {
        List<Worker> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            started.add(add(Worker.Role.WRITER, prefix + "-" + i, steps.apply(i), 0, opsPerStep));
        }
        return started;
    }

    /** Starts a thread whose every step calls at least one write method of the shared map. */
    public Worker writer(String name, Runnable step) {
        return add(Worker.Role.WRITER, name, step, 0, 1);
    }

    /** Starts a thread whose steps only read. */
    public Worker reader(String name, Runnable step) {
        return add(Worker.Role.READER, name, step, 0, 1);
    }

    /** Starts a helper that runs {@code step} every {@code pauseMillis} (a janitor, GC pressure). */
    public Worker helper(String name, long pauseMillis, Runnable step) {
        return add(Worker.Role.HELPER, name, step, pauseMillis, 1);
    }

    /** Starts a thread whose single step is expected to spin forever inside {@code java.util}. */
    public Worker spinner(String name, Runnable step) {
        return add(Worker.Role.SPINNER, name, step, 0, 1);
    }

    private Worker add(Worker.Role role, String name, Runnable step, long pauseMillis, int opsPerStep) {
        Worker worker = new Worker(this, role, name, step, pauseMillis, opsPerStep);
        all.add(worker);
        worker.start();
        return worker;
    }

    public List<Worker> all() {
        return List.copyOf(all);
    }

    boolean running() {
        return running;
    }

    void recordError(Worker worker, Throwable e) {
        errors.increment();
        if (printedErrors.getAndIncrement() < MAX_PRINTED_ERRORS) {
            StackTraceElement[] frames = e.getStackTrace();
            String at = frames.length > 0 ? " at " + frames[0] : "";
            err.println("error in " + worker.name() + ": " + e + at);
        }
    }

    void recordFatal(Worker worker, Throwable e) {
        if (fatal == null) {
            fatal = worker.name() + " failed: " + e;
        }
    }

    /** The first error that killed a worker, or null. */
    String fatal() {
        return fatal;
    }

    public long errors() {
        return errors.sum();
    }

    public long totalOps() {
        long sum = 0;
        for (Worker w : all) {
            sum += w.ops();
        }
        return sum;
    }

    /**
     * Waits until every writer and reader has finished a step, every helper has begun, and every spinner is
     * inside {@code java.util} code.
     */
    boolean awaitReady(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline && fatal == null) {
            if (all.stream().allMatch(Workers::isReady)) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    private static boolean isReady(Worker w) {
        return switch (w.role()) {
            case WRITER, READER -> w.ops() > 0;
            case HELPER -> w.entered();
            case SPINNER -> w.entered() && insideJavaUtil(w.thread());
        };
    }

    private static boolean insideJavaUtil(Thread thread) {
        return Stacks.isInside(thread.getStackTrace(), "java.util.", null);
    }

    /** Measures the interval since the previous tick. Called by the reporting thread only. */
    Tick tick() {
        long ops = 0;
        int activeWriters = 0;
        int stalled = 0;
        for (Worker w : all) {
            long n = w.ops();
            ops += n;
            long cpu = cpuNanos(w);
            long[] previous = lastSeen.put(w, new long[] {n, cpu});
            if (w.role() == Worker.Role.HELPER) {
                continue;
            }
            boolean isWriter = w.role() == Worker.Role.WRITER;
            if (previous == null) {
                if (isWriter && n > 0) {
                    activeWriters++;
                }
            } else if (n > previous[0]) {
                if (isWriter) {
                    activeWriters++;
                }
            } else if ((cpu < 0 || cpu - previous[1] > MIN_SPIN_CPU_NANOS) && insideJavaUtil(w.thread())) {
                // No step finished in a whole second, yet the thread ran, inside java.util: it is spinning in a
                // corrupted map. (Not by CPU share: on a loaded machine a spinner may get little.) A thread held by
                // a debugger, or blocked on a lock, burns no CPU and is not counted.
                stalled++;
            }
        }
        return new Tick(ops, activeWriters, stalled, errors());
    }

    private long cpuNanos(Worker w) {
        try {
            return threadBean.isThreadCpuTimeSupported() ? threadBean.getThreadCpuTime(w.thread().getId()) : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Writers that finished at least one step since the start. */
    int writersSinceStart() {
        return (int) all.stream().filter(w -> w.role() == Worker.Role.WRITER && w.ops() > 0).count();
    }

    /**
     * Asks every worker to stop after its current step and waits up to {@code joinMillis} in all.
     *
     * @return the threads still alive (spinning in a corrupted map, or blocked)
     */
    List<Thread> stop(long joinMillis) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + joinMillis * 1_000_000;
        List<Thread> alive = new ArrayList<>();
        for (Worker w : all) {
            if (w.role() == Worker.Role.HELPER) {
                w.thread().interrupt();
            }
        }
        for (Worker w : all) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                w.thread().join(left);
            }
            if (w.thread().isAlive()) {
                alive.add(w.thread());
            }
        }
        return alive;
    }

    /** What one progress line reports. */
    record Tick(long ops, int activeWriters, int stalled, long errors) {
    }
}
