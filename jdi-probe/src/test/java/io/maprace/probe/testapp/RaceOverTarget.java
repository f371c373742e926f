package io.maprace.probe.testapp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A race that is over before anyone watches: four threads put into one shared {@code HashMap} at once (the cache
 * filling up), round after round on a fresh map until the target's own check sees the damage (the map's
 * {@code size} against the entries it holds), then nobody writes to it again. Prints
 * {@code ready pid=N damaged after R rounds: size S, E entries}, or {@code undamaged} if 200 rounds left no trace.
 */
public final class RaceOverTarget {

    /** The cache, damaged, never written after the start. */
    static final class Cache {
        static volatile Map<Integer, Integer> MAP = new HashMap<>();
    }

    private RaceOverTarget() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 0;
        long entries = -1;
        while (rounds < 200) {
            rounds++;
            Map<Integer, Integer> map = new HashMap<>();
            race(map);
            entries = entries(map);
            Cache.MAP = map;
            if (entries != map.size()) {
                break;
            }
        }
        Map<Integer, Integer> m = Cache.MAP;
        System.out.println("ready pid=" + ProcessHandle.current().pid() + (entries != m.size()
                ? " damaged after " + rounds + " rounds: size " + m.size() + ", " + entries + " entries"
                : " undamaged"));
        Thread.sleep(120_000);
    }

    private static void race(Map<Integer, Integer> map) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            int base = t * 1_000_000;
            writers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    map.put(base + i, i);
                }
            }, "filler-" + t);
            writers[t].setDaemon(true); // one caught in a looping bin must not keep the target alive
            writers[t].start();
        }
        go.countDown();
        for (Thread w : writers) {
            w.join(10_000);
        }
    }

    /** The entries iteration reaches, at most a bound over the size (a bin may loop). */
    private static long entries(Map<Integer, Integer> map) {
        long n = 0;
        long cap = map.size() + 100_000L;
        try {
            for (Iterator<Integer> it = map.keySet().iterator(); it.hasNext() && n < cap; it.next()) {
                n++;
            }
        } catch (RuntimeException e) {
            return -2; // the iteration itself broke: damaged
        }
        return n;
    }
}
