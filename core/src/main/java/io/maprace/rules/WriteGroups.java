package io.maprace.rules;

import io.maprace.events.AllocationSample;
import io.maprace.events.EventSink;
import io.maprace.events.Frame;
import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Severity;
import io.maprace.model.MapApi;
import io.maprace.model.MapCall;
import io.maprace.model.MapFamily;
import io.maprace.model.StackClassifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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

        // Written out: a record's own run through method handles, slow under the C1 compiler, per allocation sample.
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Allocation a && a.family == family && a.method.equals(method);
        }

        @Override
        public int hashCode() {
            return family.hashCode() * 31 + method.hashCode();
        }
    }

    /** Resize tables sampled at one write-site method, and the threads that allocated them. */
    private static final class Resizes {
        int samples;
        final Map<Long, ThreadRef> threads = new TreeMap<>();
    }

    private final StackClassifier classifier;
    private final AnalysisSettings settings;
    private final Supplier<Duration> samplingPeriod;
    private final Map<WriteGroup.Key, WriteGroup> groups = new LinkedHashMap<>();
    private final SamplingSweeps sweeps;
    private final SharedLocks sharedLocks = new SharedLocks();
    private final Set<Allocation> allocations = new HashSet<>();
    /** Bucket tables allocated by resize, per write-site method. */
    private final Map<String, Resizes> tableAllocations = new HashMap<>();
    private final ExclusiveLocks exclusiveLocks = new ExclusiveLocks();
    /** Execution samples per thread id: what a group's share of its writers' time is measured against. */
    private final ThreadIdTable<int[]> samplesByThread = new ThreadIdTable<>();
    /* The group of each classified call: a recording has millions of samples over a few thousand stacks. */
    private final PerCall<WriteGroup> groupOfCall = new PerCall<>(50_000);
    /* The last allocated class seen and what it is: samples of one class come in long runs. */
    private String lastAllocatedClass;
    private boolean lastTable;
    private MapFamily lastFamily;
    private int lockedWriteSamples;
    private int confinedGroups;
    private int lockedGroups;
    private List<RankedGroup> ranked;

    WriteGroups(StackClassifier classifier, AnalysisSettings settings, Supplier<Duration> samplingPeriod) {
        this.classifier = classifier;
        this.settings = settings;
        this.samplingPeriod = samplingPeriod;
        this.sweeps = new SamplingSweeps(samplingPeriod);
    }

    @Override
    public void accept(ObservedEvent event) {
        if (event instanceof AllocationSample a) {
            allocation(a);
        } else if (event instanceof StackSample s) {
            sample(s);
        } else if (event instanceof LockWait w && !sharedLocks.waited(w)) {
            // a wait for a read lock says the method holds one, which orders no write: not an exclusive lock
            exclusiveLocks.waited(w);
        }
    }

    private void allocation(AllocationSample a) {
        String type = a.objectClass();
        if (type != lastAllocatedClass) {
            lastAllocatedClass = type;
            lastTable = MapAllocations.isTable(type);
            lastFamily = MapAllocations.familyOf(type);
        }
        if (lastTable) {
            tableAllocation(a);
            return;
        }
        if (lastFamily == null) {
            return;
        }
        // The frame that executed `new`: the first one outside the map classes' own constructors (a HashSet's
        // constructor allocates its HashMap: sampled, that HashMap is the set's).
        for (Frame f : a.stack().frames()) {
            if (!MapApi.isMapFrame(f)) {
                allocations.add(Allocation.of(lastFamily, f.qualifiedMethod()));
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
            Resizes r = tableAllocations.computeIfAbsent(call.get().keys().siteMethod(), k -> new Resizes());
            r.samples++;
            r.threads.putIfAbsent(a.thread().id(), a.thread());
        }
    }

    private void sample(StackSample s) {
        sweeps.sample(s);
        Frame top = s.stack().top();
        if (top != null && top.className().startsWith(ExclusiveLocks.LOCKS)) {
            // both look only at a stack whose top frames are a lock's: one test for the rest
            sharedLocks.sample(s);
            exclusiveLocks.sample(s);
        }
        long threadId = s.thread().id();
        int[] threadSamples = samplesByThread.get(threadId);
        if (threadSamples == null) {
            threadSamples = new int[1];
            samplesByThread.put(threadId, threadSamples);
        }
        threadSamples[0]++;
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
        if (!settings.includeJdkSites() && c.jdkSite()) {
            return;
        }
        WriteGroup g = groupOfCall.get(c);
        if (g == null) {
            g = groupOfCall.put(c, groups.computeIfAbsent(WriteGroup.Key.of(c), k -> new WriteGroup(c)));
        }
        g.add(s.thread(), c, s.stack().frames());
        long nanos = s.epochNanos();
        sweeps.at(g, s.thread(), c.writes(), nanos);
        if (c.writes() && nanos != StackSample.NO_TIME) {
            g.windows.write(s.thread(), Math.floorDiv(nanos, 1_000_000L), windowMillis());
        }
    }

    /* The write windows' length, worked out again only when the sampling period changes. */
    private Duration windowPeriod;
    private long windowMillis;

    private long windowMillis() {
        Duration period = samplingPeriod.get();
        if (period != windowPeriod) {
            windowPeriod = period;
            windowMillis = period.toMillis() * WriteWindows.PERIODS;
        }
        return windowMillis;
    }

    private int samplesOf(long thread) {
        int[] n = samplesByThread.get(thread);
        return n == null ? 0 : n[0];
    }

    @Override
    public void segmentEnd() {
        sweeps.restart();
        groups.values().forEach(g -> g.windows.close());
    }

    /** The groups reported, once ranked: whose co-sampled moments the timeline marks. */
    List<WriteGroup> reported() {
        return ranked == null ? List.of() : ranked.stream().map(RankedGroup::group).toList();
    }

    int lockedWriteSamples() {
        return lockedWriteSamples;
    }

    int confinedGroups() {
        return confinedGroups;
    }

    /**
     * Groups dropped because every one of their methods was seen waiting for or taking an exclusive lock, itself or
     * in each caller it was sampled from.
     */
    int lockedGroups() {
        return lockedGroups;
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
        segmentEnd();
        List<RankedGroup> kept = new ArrayList<>();
        for (WriteGroup g : groups.values()) {
            int periods = g.periods();
            if (g.looksConfined(allocations) || madePerCall(g)) {
                confinedGroups++;
                continue;
            }
            List<Evidence.SharedLockSeen> underSharedLock = sharedLocks.around(g);
            // Reads under a read lock and writes under the write lock are the lock's proper use: such a group is
            // locked. Writes under a read lock are not: those groups go on to the hidden-write judgement.
            boolean writesUnderSharedLock = !underSharedLock.isEmpty() && g.writesUnder(underSharedLock);
            if (!writesUnderSharedLock && g.signsAbsent(corroboration)
                    && g.lockedAt(exclusiveLocks, g.readingUnder(underSharedLock))) {
                lockedGroups++;
                continue;
            }
            if (!underSharedLock.isEmpty()) {
                kept.add(ranked(g, periods, corroboration, underSharedLock, false));
                continue;
            }
            // A set one method adds to and removes from, run by several threads, that outlives the calls:
            // per-call state in a shared set, whether or not two threads were caught in it at once.
            boolean perCallState = g.perCallState() && g.perCallWriters() >= 2;
            if (!perCallState && (g.coSampledThreads() < 2 || periods < settings.minCoSampledPeriods()
                    || !g.confirmedWrite())) {
                continue;
            }
            kept.add(ranked(g, periods, corroboration, List.of(), perCallState));
        }
        // likely first, then by periods, most first
        kept.sort((a, b) -> a.severity() == Severity.LIKELY != (b.severity() == Severity.LIKELY)
                ? (a.severity() == Severity.LIKELY ? -1 : 1) : Integer.compare(b.periods(), a.periods()));
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

    /** The group with its further evidence, and its severity by the {@link SeverityPolicy}. */
    private RankedGroup ranked(WriteGroup g, int periods, Corroboration corroboration,
                               List<Evidence.SharedLockSeen> underSharedLock, boolean perCallState) {
        Set<String> signs = signs(g, corroboration);
        List<Evidence> more = new ArrayList<>();
        Set<SeverityPolicy.Kind> kinds = EnumSet.noneOf(SeverityPolicy.Kind.class);
        int threadSamples = g.writers().keySet().stream().mapToInt(this::samplesOf).sum();
        WriteWindows w = g.windows;
        if (w.windows() > 0 || g.writeSamples() > 0) {
            more.add(new Evidence.WriteActivity(w.windowMillis(), w.windows(), w.mostThreads(),
                    List.copyOf(w.threads().values()), g.writeSamples(), threadSamples));
        }
        if (periods >= settings.minCoSampledPeriods() && w.windows() >= SeverityPolicy.MIN_NEARBY_WINDOWS) {
            kinds.add(SeverityPolicy.Kind.TIMING);
        }
        if (g.writers().size() >= 2 && g.writeSamples() >= SeverityPolicy.MIN_BUSY_SAMPLES
                && 100L * g.writeSamples() >= (long) SeverityPolicy.BUSY_PERCENT * threadSamples) {
            kinds.add(SeverityPolicy.Kind.PACE);
        }
        for (String m : g.methods) {
            Resizes r = tableAllocations.get(m);
            if (r != null) {
                more.add(new Evidence.TableResizes(m, r.samples, List.copyOf(r.threads.values())));
                if (r.threads.size() >= 2) {
                    kinds.add(SeverityPolicy.Kind.RESIZES);
                }
            }
        }
        if (perCallState) {
            kinds.add(SeverityPolicy.Kind.PER_CALL_STRUCTURE);
        }
        boolean writeInSharedLock = !underSharedLock.isEmpty() && g.writesUnder(underSharedLock);
        Optional<String> lockSeen = exclusiveLocks.seenAt(g.methods);
        Severity severity = SeverityPolicy.of(!signs.isEmpty(), writeInSharedLock, kinds, lockSeen.isPresent());
        return new RankedGroup(g, periods, signs, underSharedLock, severity, kinds, lockSeen, more);
    }

    /**
     * Whether the group's writes go to maps made per call: fresh tables sampled again and again, and often
     * compared with the writes (a shared map whose holder is sometimes replaced makes a few).
     */
    private boolean madePerCall(WriteGroup g) {
        int fresh = g.methods.stream().mapToInt(m -> tableAllocations.containsKey(m)
                ? tableAllocations.get(m).samples : 0).sum();
        return fresh >= FRESH_TABLES_PER_CALL && fresh * 5 >= g.writeSamples();
    }

    private static Set<String> signs(WriteGroup g, Corroboration corroboration) {
        Set<String> signs = new TreeSet<>();
        g.methods.forEach(m -> signs.addAll(corroboration.at(m)));
        return signs;
    }
}
