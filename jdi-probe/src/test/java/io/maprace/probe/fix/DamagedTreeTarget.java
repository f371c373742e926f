package io.maprace.probe.fix;

import io.maprace.samples.corrupt.CorruptedMaps;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A target for the fix tests: a map whose tree bin is no red-black tree any more (a red node with a red child, as
 * racing inserts leave it). Its chains are intact, so lookups still work and only the integrity checks see the
 * damage. Two threads read it until killed; prints {@code ready} once both have.
 */
public final class DamagedTreeTarget {

    public static final Map<String, String> TREE_RED_RED = CorruptedMaps.newTreeBinRedRed();

    static void read(String k) {
        TREE_RED_RED.get(k);
    }

    public static void main(String[] args) throws InterruptedException {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    read("k" + ThreadLocalRandom.current().nextInt(100));
                    if (ThreadLocalRandom.current().nextInt(1000) == 0) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "tree-reader-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
