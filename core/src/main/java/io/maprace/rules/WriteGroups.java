package io.maprace.rules;

import io.maprace.events.AllocationSample;
import io.maprace.events.EventSink;
import io.maprace.events.Frame;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.findings.Evidence;
import io.maprace.findings.Severity;
import io.maprace.model.MapApi;
import io.maprace.model.MapCall;
import io.maprace.model.MapFamily;
import io.maprace.model.StackClassifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the concurrent-writers, hidden-write and per-call-state rules share: one pass over the samples that groups
 * unlocked map calls by caller class and map family ({@link WriteGroup}), pairs the threads caught in a group in
 * one sampling sweep, and sees shared locks and allocations. At the end it ranks the groups once
 * ({@link #ranked}); each rule then reports the groups of its own kind.
 *
 * <p>Samples cannot tell a shared map from one confined to each thread, so a group is ranked by how strongly the
 * rest of the recording points at one shared map: corruption seen at one of its methods makes it {@code likely};
 * a map of that type allocated where it is written makes it look confined, and it is dropped.
 */
final class WriteGroups implements EventSink {

    /** More sampled table allocations than a map that only grows would make. */
    private static final int FRESH_TABLES_PER_CALL = 20;

    /** A map family allocated in a method; sets are hash maps inside, so an allocation of either counts for both. */
    record Allocation(MapFamily family, String method) {
        static Allocation of(MapFamily family, String method) {
            MapFamily base = family.base();
            return new Allocation(base == MapFamily.HASH_SET ? MapFamily.HASH_MAP : base, method);
        }
    }

    private final StackClassifier classifier;
    private final AnalysisSettings settings;
    private final Map<WriteGroup.Key, WriteGroup> groups = new LinkedHashMap<>();
    private final SamplingSweeps sweeps;
    private final SharedLocks sharedLocks = new SharedLocks();
    private final Set<Allocation> allocations = new HashSet<>();
    /** Bucket tables allocated by resize, per write-site method. */
    private final Map<String, Integer> tableAllocations = new HashMap<>();
    private int lockedWriteSamples;
    private int confinedGroups;
    private List<RankedGroup> ranked;

    WriteGroups(StackClassifier classifier, AnalysisSettings settings, Supplier<Duration> samplingPeriod) {
        this.classifier = classifier;
        this.settings = settings;
        this.sweeps = new SamplingSweeps(samplingPeriod);
    }

    @Override
    public void accept(ObservedEvent event) {
        if (event instanceof AllocationSample a) {
            allocation(a);
        } else if (event instanceof StackSample s) {
            sample(s);
        }
    }

    private void allocation(AllocationSample a) {
        // JFR names arrays by their descriptor; other sources may use the source form.
        if (a.objectClass().equals("[Ljava.util.HashMap$Node;") || a.objectClass().equals("java.util.HashMap$Node[]")) {
            tableAllocation(a);
            return;
        }
        Optional<MapFamily> family = MapFamily.ofFrameClass(a.objectClass());
        if (family.isEmpty() || a.objectClass().indexOf('$') >= 0) {
            return;
        }
        // The frame that executed `new`: the first one outside the map classes' own constructors (a HashSet's
        // constructor allocates its HashMap: sampled, that HashMap is the set's).
        for (Frame f : a.stack().frames()) {
            if (!MapApi.isMapFrame(f)) {
                allocations.add(Allocation.of(family.get(), f.qualifiedMethod()));
                return;
            }
        }
    }

    /**
     * A new bucket table, allocated by {@code resize}: a shared map does that only when it doubles, a handful
     * of times in its life; a map made per call does it on every call, and the samples show it many times.
     */
    private void tableAllocation(AllocationSample a) {
        Optional<MapCall> call = classifier.classify(a.stack());
        if (call.isPresent() && call.get().mapFrames().stream().anyMatch(f -> f.method().equals("resize"))) {
            tableAllocations.merge(call.get().keys().siteMethod(), 1, Integer::sum);
        }
    }

    private void sample(StackSample s) {
        sweeps.sample(s);
        sharedLocks.sample(s);
        Optional<MapCall> found = classifier.classify(s.stack());
        if (found.isEmpty()) {
            return;
        }
        MapCall c = found.get();
        if (c.locked()) {
            if (c.writes()) {
                lockedWriteSamples++;
            }
            return;
        }
        if (!settings.includeJdkSites() && MapApi.isJdkFrame(c.site())) {
            return;
        }
        WriteGroup g = groups.computeIfAbsent(WriteGroup.Key.of(c), k -> new WriteGroup(c));
        g.add(s.thread(), c, s.stack().frames());
        sweeps.at(g, s.thread(), c.writes(), s.time());
    }

    @Override
    public void segmentEnd() {
        sweeps.restart();
    }

    int lockedWriteSamples() {
        return lockedWriteSamples;
    }

    int confinedGroups() {
        return confinedGroups;
    }

    /**
     * The groups worth reporting, likely ones first, then by co-sampled periods, candidates capped: ranked once,
     * on the first call, when the other rules have added their corroboration.
     */
    List<RankedGroup> ranked(Corroboration corroboration) {
        if (ranked == null) {
            ranked = rank(corroboration);
        }
        return ranked;
    }

    private List<RankedGroup> rank(Corroboration corroboration) {
        sweeps.restart();
        List<RankedGroup> kept = new ArrayList<>();
        for (WriteGroup g : groups.values()) {
            int periods = g.periods();
            if (g.looksConfined(allocations) || madePerCall(g)) {
                confinedGroups++;
                continue;
            }
            List<Evidence.SharedLockSeen> underSharedLock = sharedLocks.around(g);
            if (!underSharedLock.isEmpty()) {
                kept.add(new RankedGroup(g, periods, signs(g, corroboration), underSharedLock));
                continue;
            }
            // A set one method adds to and removes from, run by several threads, that outlives the calls:
            // per-call state in a shared set, whether or not two threads were caught in it at once.
            boolean perCallState = g.perCallState() && g.perCallWriters() >= 2;
            if (!perCallState && (g.coSampledThreads() < 2 || periods < settings.minCoSampledPeriods()
                    || !g.confirmedWrite())) {
                continue;
            }
            kept.add(new RankedGroup(g, periods, signs(g, corroboration), List.of()));
        }
        kept.sort(Comparator.comparing((RankedGroup s) -> s.severity() != Severity.LIKELY)
                .thenComparing(s -> -s.periods()));
        List<RankedGroup> out = new ArrayList<>();
        int candidates = 0;
        for (RankedGroup s : kept) {
            if (s.severity() == Severity.CANDIDATE && candidates++ >= settings.maxCandidates()) {
                continue;
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /**
     * Whether the group's writes go to maps made per call: fresh tables sampled again and again, and often
     * compared with the writes (a shared map whose holder is sometimes replaced makes a few).
     */
    private boolean madePerCall(WriteGroup g) {
        int fresh = g.methods.stream().mapToInt(m -> tableAllocations.getOrDefault(m, 0)).sum();
        return fresh >= FRESH_TABLES_PER_CALL && fresh * 5 >= g.writeSamples();
    }

    private static Set<String> signs(WriteGroup g, Corroboration corroboration) {
        Set<String> signs = new TreeSet<>();
        g.methods.forEach(m -> signs.addAll(corroboration.at(m)));
        return signs;
    }
}
