package io.maprace.rules;

import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The sampler's sweeps: each period JFR samples the running threads one after another, each at most once,
 * then sleeps. On a loaded host one sweep can take longer than the period itself, so "the same sampling
 * period" is the sweep a sample belongs to, not a fixed window: a new sweep starts after a pause of a
 * period, or when a thread comes round again. When a sweep closes, the threads caught in one group's calls
 * in it, a writer among them, are paired in that group.
 */
final class SamplingSweeps {

    private final Supplier<Duration> samplingPeriod;
    /*
     * A sweep is small (JFR samples a few threads per period), so it is kept in short arrays searched in order
     * rather than in hash maps: one sample of a busy recording costs no boxing nor map entry.
     */
    private long[] threads = new long[8];
    private int threadCount;
    /** The sweep's calls in the order first caught: group, thread, and whether any of its calls there wrote. */
    private WriteGroup[] hitGroups = new WriteGroup[8];
    private ThreadRef[] hitThreads = new ThreadRef[8];
    private boolean[] hitWrites = new boolean[8];
    private int hitCount;
    private boolean open;
    private long lastNanos;
    /* The period in nanoseconds, worked out again only when the period changes. */
    private Duration lastPeriod;
    private long periodNanos;

    SamplingSweeps(Supplier<Duration> samplingPeriod) {
        this.samplingPeriod = samplingPeriod;
    }

    void sample(StackSample s) {
        long id = s.thread().id();
        long now = s.epochNanos();
        Duration period = samplingPeriod.get();
        if (period != lastPeriod) {
            lastPeriod = period;
            periodNanos = period.toNanos();
        }
        if (open && (now - lastNanos >= periodNanos || caught(id))) {
            close();
        }
        if (threadCount == threads.length) {
            threads = Arrays.copyOf(threads, threadCount * 2);
        }
        threads[threadCount++] = id;
        open = true;
        lastNanos = now;
    }

    private boolean caught(long threadId) {
        for (int i = 0; i < threadCount; i++) {
            if (threads[i] == threadId) {
                return true;
            }
        }
        return false;
    }

    void at(WriteGroup g, ThreadRef thread, boolean writes, long epochNanos) {
        g.lastNanos = epochNanos;
        for (int i = 0; i < hitCount; i++) {
            if (hitGroups[i] == g && hitThreads[i].equals(thread)) {
                hitWrites[i] |= writes;
                return;
            }
        }
        if (hitCount == hitGroups.length) {
            hitGroups = Arrays.copyOf(hitGroups, hitCount * 2);
            hitThreads = Arrays.copyOf(hitThreads, hitCount * 2);
            hitWrites = Arrays.copyOf(hitWrites, hitCount * 2);
        }
        hitGroups[hitCount] = g;
        hitThreads[hitCount] = thread;
        hitWrites[hitCount] = writes;
        hitCount++;
    }

    void restart() {
        close();
        open = false;
    }

    /** Pairs, in each group caught in the sweep, its threads there, a writer among each two. */
    private void close() {
        for (int i = 0; i < hitCount; i++) {
            WriteGroup g = hitGroups[i];
            if (firstOfGroup(i)) {
                for (int a = i; a < hitCount; a++) {
                    if (hitGroups[a] != g) {
                        continue;
                    }
                    for (int b = a + 1; b < hitCount; b++) {
                        // a race needs a writer: two readers in one period prove nothing
                        if (hitGroups[b] == g && (hitWrites[a] || hitWrites[b])) {
                            g.pair(hitThreads[a], hitThreads[b]);
                        }
                    }
                }
            }
        }
        Arrays.fill(hitGroups, 0, hitCount, null);
        Arrays.fill(hitThreads, 0, hitCount, null);
        hitCount = 0;
        threadCount = 0;
    }

    private boolean firstOfGroup(int i) {
        for (int j = 0; j < i; j++) {
            if (hitGroups[j] == hitGroups[i]) {
                return false;
            }
        }
        return true;
    }
}
