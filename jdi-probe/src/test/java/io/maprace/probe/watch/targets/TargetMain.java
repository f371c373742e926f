package io.maprace.probe.watch.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a test target: worker threads repeating a step, a {@code ready pid=...} line once each has done one,
 * a {@code progress ops=N opsPerSec=N} line per second, and an exit after {@code --seconds N} (default 60).
 * {@code --pause-us N} parks each worker between steps (default 20) to leave CPU for the tool under test.
 */
final class TargetMain {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<CountDownLatch> started = new ArrayList<>();
    private long pauseNanos = 20_000;
    private long seconds = 60;

    static TargetMain parse(String[] args) {
        TargetMain m = new TargetMain();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> m.seconds = Long.parseLong(args[i + 1]);
                case "--pause-us" -> m.pauseNanos = Long.parseLong(args[i + 1]) * 1000;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return m;
    }

    /** Starts a daemon thread repeating {@code step}. */
    TargetMain worker(String name, Runnable step) {
        CountDownLatch first = new CountDownLatch(1);
        started.add(first);
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    errors.incrementAndGet(); // a racy map may throw: a symptom, keep going
                }
                ops.incrementAndGet();
                first.countDown();
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        return this;
    }

    TargetMain workers(String prefix, int count, Runnable step) {
        for (int i = 1; i <= count; i++) {
            worker(prefix + "-" + i, step);
        }
        return this;
    }

    void run() throws InterruptedException {
        threads.forEach(Thread::start);
        for (CountDownLatch l : started) {
            l.await();
        }
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        System.out.flush();
        long previous = ops.get();
        for (long t = 1; t <= seconds; t++) {
            Thread.sleep(1000);
            long now = ops.get();
            System.out.println("progress t=" + t + "s ops=" + now + " opsPerSec=" + (now - previous)
                    + " errors=" + errors.get());
            System.out.flush();
            previous = now;
        }
        System.out.println("done ops=" + ops.get());
        System.out.flush();
        System.exit(0);
    }

    static String key(int range) {
        return "k" + java.util.concurrent.ThreadLocalRandom.current().nextInt(range);
    }
}
