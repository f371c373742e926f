package io.maprace.probe.scan;

import io.maprace.progress.Progress;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scan's progress that tells when the walk from static fields has gone past its roots: the walk is breadth-first
 * and reads every root (the maps held by static fields among them, each checked as it is read) before any object
 * one step further, so once more objects were read than there are roots, every map a static field holds has been
 * checked. Deterministic: it counts, it does not wait for a time.
 */
final class PastTheRoots implements Progress {

    private static final Pattern WALKING = Pattern.compile("walking from (\\d+) static fields.*");

    private final CountDownLatch past = new CountDownLatch(1);
    private final CountDownLatch walking = new CountDownLatch(1);
    private volatile long roots = -1;

    @Override
    public void phase(String name, long total) {
        Matcher m = WALKING.matcher(name);
        if (m.matches()) {
            roots = Long.parseLong(m.group(1));
            walking.countDown();
        }
    }

    @Override
    public void advance(long done) {
        long r = roots;
        if (r >= 0 && done > r) {
            past.countDown();
        }
    }

    @Override
    public void note(String line) {
    }

    /** Waits until the walk from static fields has begun. */
    boolean awaitWalking(Duration timeout) throws InterruptedException {
        return walking.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean await(Duration timeout) throws InterruptedException {
        return past.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
