package io.maprace.model;

import io.maprace.events.ThreadRef;
import io.maprace.events.WatchedMap;
import io.maprace.events.WriteEvent;
import io.maprace.findings.Evidence;
import io.maprace.findings.HeldLock;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a watch saw of one map instance: who wrote it where, with which locks, and any proof of two writers
 * at once; the watch's rules judge it ({@code rules.Verdict}). Fed by the probe's event thread only.
 */
public final class MapHistory {

    /** Inspected writes kept as evidence, per thread. */
    private static final int SAMPLES_PER_THREAD = 3;
    private static final int MAX_OVERLAPS = 5;

    private final WatchedMap map;
    private final Map<Long, ThreadRef> writers = new TreeMap<>();
    private final Map<String, Integer> siteCounts = new LinkedHashMap<>();
    private final Map<Long, Set<String>> operationsByThread = new TreeMap<>();
    private final Map<Long, List<WriteEvent>> samples = new TreeMap<>();
    private final List<Evidence.Overlap> overlaps = new ArrayList<>();
    private final Set<String> sharedLocks = new LinkedHashSet<>();
    /** Exclusive locks held on every inspected write so far; null before the first. */
    private Set<String> commonExclusive;
    private final Map<String, String> lockNames = new LinkedHashMap<>();
    /** Exclusive locks of each thread's latest inspected write. */
    private final Map<Long, Set<String>> lastExclusive = new TreeMap<>();
    private long holdNanos;
    private long writes;
    private long inspected;
    private long lastWriter = -1;
    private int writerSwitches;

    public MapHistory(WatchedMap map) {
        this.map = map;
    }

    public void record(WriteEvent e) {
        writes++;
        writers.putIfAbsent(e.thread().id(), e.thread());
        siteCounts.merge(e.site(), 1, Integer::sum);
        operationsByThread.computeIfAbsent(e.thread().id(), k -> new LinkedHashSet<>()).add(e.operation());
        if (lastWriter != -1 && lastWriter != e.thread().id()) {
            writerSwitches++;
        }
        lastWriter = e.thread().id();
        if (!e.inspected()) {
            return;
        }
        inspected++;
        Set<String> exclusive = new HashSet<>();
        for (HeldLock l : e.locks()) {
            String key = l.lockClass() + "@" + l.identity();
            if (l.excludesOthers()) {
                exclusive.add(key);
                lockNames.putIfAbsent(key, (l.mode() == HeldLock.Mode.MONITOR ? "monitor " : "lock ") + key);
            } else {
                sharedLocks.add(key);
            }
        }
        lastExclusive.put(e.thread().id(), exclusive);
        if (commonExclusive == null) {
            commonExclusive = exclusive;
        } else {
            commonExclusive.retainAll(exclusive);
        }
        List<WriteEvent> kept = samples.computeIfAbsent(e.thread().id(), k -> new ArrayList<>());
        if (kept.size() < SAMPLES_PER_THREAD) {
            kept.add(e);
        }
    }

    public void overlap(Evidence.Overlap proof) {
        if (overlaps.size() < MAX_OVERLAPS) {
            overlaps.add(proof);
        }
    }

    /** Whether this thread both added and removed: per-call state kept in a shared set. */
    public boolean addsAndRemovesPerThread() {
        return operationsByThread.values().stream().anyMatch(ops -> ops.stream().anyMatch(o -> o.endsWith(".add"))
                && ops.stream().anyMatch(o -> o.endsWith(".remove")));
    }

    public Set<String> operations() {
        Set<String> all = new LinkedHashSet<>();
        operationsByThread.values().forEach(all::addAll);
        return all;
    }

    /**
     * Whether another thread was seen writing without any of these exclusive locks: holding a thread that owns
     * them can then still catch that writer, instead of only stalling the threads that wait for the locks.
     */
    public boolean unprotectedAgainst(long threadId, Set<String> exclusive) {
        for (Map.Entry<Long, Set<String>> e : lastExclusive.entrySet()) {
            if (e.getKey() != threadId && java.util.Collections.disjoint(e.getValue(), exclusive)) {
                return true;
            }
        }
        return false;
    }

    /** How long to hold the next writer: starts short, doubles after each hold that caught nobody. */
    public long nextHoldNanos(long initial, long max, boolean lastExpired) {
        holdNanos = holdNanos == 0 ? initial : lastExpired ? Math.min(max, holdNanos * 2) : holdNanos;
        return holdNanos;
    }

    public WatchedMap map() {
        return map;
    }

    public List<ThreadRef> writers() {
        return List.copyOf(writers.values());
    }

    /** Write sites, most written first. */
    public List<String> sites() {
        return siteCounts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).map(Map.Entry::getKey)
                .toList();
    }

    public List<Evidence.Overlap> overlaps() {
        return overlaps;
    }

    public List<WriteEvent> samples() {
        return samples.values().stream().flatMap(List::stream).toList();
    }

    public Set<String> sharedLocks() {
        return sharedLocks;
    }

    /**
     * A description of the exclusive lock held on every inspected write ({@code monitor com.foo.Registry@41}),
     * or null when there is none.
     */
    public String commonExclusiveLock() {
        return commonExclusive == null || commonExclusive.isEmpty() ? null
                : lockNames.get(commonExclusive.iterator().next());
    }

    /** How often the writing thread changed from one write to the next. */
    public int writerSwitches() {
        return writerSwitches;
    }

    public long writes() {
        return writes;
    }

    public long inspected() {
        return inspected;
    }
}
