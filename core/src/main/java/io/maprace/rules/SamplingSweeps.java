package io.maprace.rules;

import io.maprace.events.EpochNanos;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Set<Long> threads = new HashSet<>();
    private final Map<WriteGroup, Map<ThreadRef, Boolean>> hits = new LinkedHashMap<>();
    private Instant last;

    SamplingSweeps(Supplier<Duration> samplingPeriod) {
        this.samplingPeriod = samplingPeriod;
    }

    void sample(StackSample s) {
        if (last != null && (EpochNanos.of(s.time()) - EpochNanos.of(last) >= samplingPeriod.get().toNanos()
                || threads.contains(s.thread().id()))) {
            close();
        }
        threads.add(s.thread().id());
        last = s.time();
    }

    void at(WriteGroup g, ThreadRef thread, boolean writes, Instant time) {
        hits.computeIfAbsent(g, k -> new LinkedHashMap<>()).merge(thread, writes, Boolean::logicalOr);
        g.lastTime = time;
    }

    void restart() {
        close();
        last = null;
    }

    private void close() {
        hits.forEach((g, byThread) -> {
            if (byThread.size() < 2) {
                return;
            }
            List<Map.Entry<ThreadRef, Boolean>> e = new ArrayList<>(byThread.entrySet());
            for (int i = 0; i < e.size(); i++) {
                for (int j = i + 1; j < e.size(); j++) {
                    // a race needs a writer: two readers in one period prove nothing
                    if (e.get(i).getValue() || e.get(j).getValue()) {
                        g.pair(e.get(i).getKey(), e.get(j).getKey(), g.lastTime);
                    }
                }
            }
        });
        hits.clear();
        threads.clear();
    }
}
