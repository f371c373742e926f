package io.maprace.probe.watch.targets;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A busy program for the benchmark: each worker does 512 operations on its own HashMap, then one write to a
 * shared, racy one ({@code BusyMaps.Shared.CACHE}), or with {@code --locked} to a shared map written under one
 * monitor ({@code BusyMaps.Locked.CACHE}, not a race: a watch never proves it and samples all along). Prints
 * {@code progress t=Ns ops=N opsPerSec=N} each second. {@code BusyMaps [--threads N] [--seconds N] [--locked]}.
 */
public final class BusyMaps {

    static final class Shared {
        static final Map<Integer, Integer> CACHE = new HashMap<>();

        static void record(int key) {
            CACHE.put(key, key);
            CACHE.remove(key ^ 1);
        }
    }

    static final class Locked {
        static final Map<Integer, Integer> CACHE = new HashMap<>();

        static void record(int key) {
            synchronized (CACHE) {
                CACHE.put(key, key);
                CACHE.remove(key ^ 1);
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = 2;
        long seconds = 60;
        boolean locked = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--locked" -> locked = true;
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        boolean lockedWrites = locked;
        // One slot per worker, 16 longs apart: no false sharing between the counters.
        AtomicLongArray ops = new AtomicLongArray(threads * 16);
        for (int t = 0; t < threads; t++) {
            int slot = t * 16;
            Thread w = new Thread(() -> {
                Map<Integer, Integer> local = new HashMap<>();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long done = 0;
                while (true) {
                    for (int j = 0; j < 256; j++) {
                        local.put(j & 1023, j);
                        local.get((j * 7) & 1023);
                    }
                    if (lockedWrites) {
                        Locked.record(random.nextInt(4096));
                    } else {
                        Shared.record(random.nextInt(4096));
                    }
                    done += 513;
                    ops.lazySet(slot, done);
                }
            }, "busy-worker-" + (t + 1));
            w.setDaemon(true);
            w.start();
        }
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        System.out.flush();
        long previous = 0;
        long start = System.nanoTime();
        for (long s = 1; s <= seconds; s++) {
            long wake = start + s * 1_000_000_000L;
            for (long wait; (wait = wake - System.nanoTime()) > 0; ) {
                Thread.sleep(Math.max(1, wait / 1_000_000));
            }
            long total = 0;
            for (int t = 0; t < threads; t++) {
                total += ops.get(t * 16);
            }
            System.out.println("progress t=" + s + "s ops=" + total + " opsPerSec=" + (total - previous));
            System.out.flush();
            previous = total;
        }
        System.exit(0);
    }
}
