package io.maprace.rules;

import io.maprace.events.AllocationSample;
import io.maprace.events.Frame;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapApi;
import io.maprace.model.MapCall;
import io.maprace.model.MapFamily;
import io.maprace.model.StackClassifier;
import io.maprace.model.WriteKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Write sites executed by two or more threads in the same sampling period, with no lock between the site and
 * the map. Samples do not say which map instance a frame writes, so sites are grouped by the class that calls
 * the map and the map's type: the methods of one class that write a HashMap ({@code get}-then-{@code put} in
 * one, {@code remove} in another, {@code clear} in a third) most often write one field. Samples cannot tell a
 * shared map from one confined to each thread either, so a group is ranked by how strongly the rest of the
 * recording points at one shared map: corruption seen at one of its methods makes it {@code likely}; a map of
 * that type allocated where it is written makes it look confined, and it is dropped.
 */
public final class ConcurrentWritersRule implements Rule {

    /** More sampled table allocations than a map that only grows would make. */
    private static final int FRESH_TABLES_PER_CALL = 20;

    private final StackClassifier classifier;
    private final AnalysisSettings settings;
    private final Supplier<Duration> samplingPeriod;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Sweeps sweeps = new Sweeps();
    private final SharedLocks sharedLocks = new SharedLocks();
    /** Map families allocated per method: "HASH_MAP|com.foo.Worker.process". */
    private final Set<String> allocations = new HashSet<>();
    /** Bucket tables allocated by resize, per write-site method. */
    private final Map<String, Integer> tableAllocations = new HashMap<>();
    private int lockedWriteSamples;
    private int confinedGroups;

    public ConcurrentWritersRule(StackClassifier classifier, AnalysisSettings settings,
                                 Supplier<Duration> samplingPeriod) {
        this.classifier = classifier;
        this.settings = settings;
        this.samplingPeriod = samplingPeriod;
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
                allocations.add(confinementKey(family.get(), f.qualifiedMethod()));
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

    /** Sets are hash maps inside: an allocation of either counts for both. */
    private static String confinementKey(MapFamily family, String method) {
        MapFamily base = family.base();
        return (base == MapFamily.HASH_SET ? MapFamily.HASH_MAP : base) + "|" + method;
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
        Group g = groups.computeIfAbsent(c.keys().ownerAndFamily(), k -> new Group(c));
        g.add(s.thread(), c, s.stack().frames());
        sweeps.at(g, s.thread(), c.writes(), s.time());
    }

    @Override
    public void segmentEnd() {
        sweeps.restart();
    }

    public int lockedWriteSamples() {
        return lockedWriteSamples;
    }

    public int confinedGroups() {
        return confinedGroups;
    }

    @Override
    public List<Finding> findings(Corroboration corroboration) {
        sweeps.restart();
        List<Scored> kept = new ArrayList<>();
        for (Group g : groups.values()) {
            int periods = g.pairs.values().stream().mapToInt(p -> p.periods).sum();
            if (g.looksConfined(allocations) || madePerCall(g)) {
                confinedGroups++;
                continue;
            }
            List<Evidence.SharedLockSeen> underSharedLock = sharedLocks.around(g);
            if (!underSharedLock.isEmpty()) {
                kept.add(new Scored(g, periods, corroboration(g, corroboration), underSharedLock));
                continue;
            }
            // A set one method adds to and removes from, run by several threads, that outlives the calls:
            // per-call state in a shared set, whether or not two threads were caught in it at once.
            boolean perCallState = g.perCallState() && g.perCallWriters() >= 2;
            if (!perCallState && (g.threads.size() < 2 || periods < settings.minCoSampledPeriods()
                    || !g.confirmedWrite)) {
                continue;
            }
            kept.add(new Scored(g, periods, corroboration(g, corroboration), List.of()));
        }
        kept.sort(Comparator.comparing((Scored s) -> s.severity() != Severity.LIKELY).thenComparing(s -> -s.periods));
        List<Finding> out = new ArrayList<>();
        int candidates = 0;
        for (Scored s : kept) {
            if (s.severity() == Severity.CANDIDATE && candidates++ >= settings.maxCandidates()) {
                continue;
            }
            out.add(s.group.toFinding(s.severity(), s.signs, s.sharedLocks));
        }
        return out;
    }

    /**
     * Whether the group's writes go to maps made per call: fresh tables sampled again and again, and often
     * compared with the writes (a shared map whose holder is sometimes replaced makes a few).
     */
    private boolean madePerCall(Group g) {
        int fresh = g.methods.stream().mapToInt(m -> tableAllocations.getOrDefault(m, 0)).sum();
        int writes = g.samplesBySite.values().stream().mapToInt(n -> n[0]).sum();
        return fresh >= FRESH_TABLES_PER_CALL && fresh * 5 >= writes;
    }

    private static Set<String> corroboration(Group g, Corroboration corroboration) {
        Set<String> signs = new java.util.TreeSet<>();
        g.methods.forEach(m -> signs.addAll(corroboration.at(m)));
        return signs;
    }

    /**
     * @param sharedLocks methods of the group that write inside a shared lock: reported whatever the
     *                    co-sampling, since the lock itself shows that several threads run them at once
     */
    private record Scored(Group group, int periods, Set<String> signs, List<Evidence.SharedLockSeen> sharedLocks) {
        Severity severity() {
            if (!signs.isEmpty()) {
                return Severity.LIKELY;
            }
            // A LinkedHashMap.get under a read lock writes only if the map is access-ordered, which the
            // samples did not show: a candidate. A confirmed write under a shared lock is likely.
            boolean writeUnderLock = group.hidden || !group.onlyReadLookingCalls(sharedLocks);
            return !sharedLocks.isEmpty() && writeUnderLock ? Severity.LIKELY : Severity.CANDIDATE;
        }
    }

    /**
     * Methods sampled inside a shared lock's lock or unlock ({@code ReentrantReadWriteLock$ReadLock},
     * {@code StampedLock} read locks): they hold it around what they do next or did before. A map written
     * in such a method by several threads is written concurrently: a read lock excludes nobody but writers.
     */
    private final class SharedLocks {
        private final Map<String, Held> byMethod = new HashMap<>();

        void sample(StackSample s) {
            List<Frame> frames = s.stack().frames();
            int i = 0;
            String lock = null;
            while (i < frames.size() && frames.get(i).className().startsWith("java.util.concurrent.locks.")) {
                String cls = frames.get(i).className();
                String method = frames.get(i).method();
                if (cls.endsWith("ReentrantReadWriteLock$ReadLock") || (cls.endsWith("StampedLock")
                        && (method.contains("Read") || method.equals("readLock")))) {
                    lock = cls;
                }
                i++;
            }
            if (lock == null || i >= frames.size()) {
                return;
            }
            Held h = byMethod.computeIfAbsent(frames.get(i).qualifiedMethod(), k -> new Held());
            h.lockClass = lock;
            h.samples++;
            h.threads.putIfAbsent(s.thread().id(), s.thread());
        }

        List<Evidence.SharedLockSeen> around(Group g) {
            List<Evidence.SharedLockSeen> out = new ArrayList<>();
            for (String m : g.methods) {
                Held h = byMethod.get(m);
                Set<ThreadRef> writing = g.writersByMethod.getOrDefault(m, Set.of());
                Set<Long> running = new HashSet<>(h == null ? Set.of() : h.threads.keySet());
                writing.forEach(t -> running.add(t.id()));
                if (h != null && running.size() >= 2) {
                    out.add(new Evidence.SharedLockSeen(m, h.lockClass, h.samples, List.copyOf(h.threads.values())));
                }
            }
            return out;
        }
    }

    private static final class Held {
        String lockClass;
        int samples;
        final Map<Long, ThreadRef> threads = new TreeMap<>();
    }

    /**
     * The sampler's sweeps: each period JFR samples the running threads one after another, each at most once,
     * then sleeps. On a loaded host one sweep can take longer than the period itself, so "the same sampling
     * period" is the sweep a sample belongs to, not a fixed window: a new sweep starts after a pause of a
     * period, or when a thread comes round again.
     */
    private final class Sweeps {
        private final Set<Long> threads = new HashSet<>();
        private final Map<Group, Map<ThreadRef, Boolean>> hits = new LinkedHashMap<>();
        private Instant last;

        void sample(StackSample s) {
            if (last != null && (Duration.between(last, s.time()).compareTo(samplingPeriod.get()) >= 0
                    || threads.contains(s.thread().id()))) {
                close();
            }
            threads.add(s.thread().id());
            last = s.time();
        }

        void at(Group g, ThreadRef thread, boolean writes, Instant time) {
            hits.computeIfAbsent(g, k -> new LinkedHashMap<>()).merge(thread, writes, Boolean::logicalOr);
            g.lastTime = time;
        }

        void restart() {
            close();
            last = null;
        }

        private void close() {
            hits.forEach((g, byThread) -> {
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

    private static final class Pair {
        final ThreadRef first;
        final ThreadRef second;
        int periods;
        Instant firstSeen;
        Instant lastSeen;

        Pair(ThreadRef first, ThreadRef second) {
            this.first = first;
            this.second = second;
        }
    }

    private static final class Group {
        final String owner;
        MapFamily family;
        final Set<String> methods = new LinkedHashSet<>();
        final Set<String> callers = new LinkedHashSet<>();
        final Set<String> sites = new LinkedHashSet<>();
        final Map<String, Set<String>> mapMethodsBySiteMethod = new LinkedHashMap<>();
        final Map<String, int[]> samplesBySite = new LinkedHashMap<>();
        final Map<Long, ThreadRef> writers = new TreeMap<>();
        final Map<String, Set<ThreadRef>> writersByMethod = new LinkedHashMap<>();
        /** Threads in co-sampled pairs: writers, and readers caught beside a writer. */
        final Map<Long, ThreadRef> threads = new TreeMap<>();
        final Map<String, Pair> pairs = new LinkedHashMap<>();
        Instant lastTime;
        int reads;
        boolean confirmedWrite;
        boolean hidden;
        boolean plain;

        Group(MapCall c) {
            this.owner = c.site().className();
            this.family = c.family();
        }

        /** The most specific family the samples showed: a LinkedHashMap's puts look like a HashMap's. */
        MapFamily family() {
            return family;
        }

        void add(ThreadRef thread, MapCall c, List<Frame> frames) {
            if (c.family() != family.base()) {
                family = c.family();
            }
            if (!c.writes()) {
                reads++;
                return;
            }
            sites.add(c.keys().site());
            if (methods.add(c.keys().siteMethod())) {
                // The two callers below a site: where a per-call map would have been allocated.
                for (int i = c.siteIndex() + 1; i < frames.size() && i <= c.siteIndex() + 2; i++) {
                    callers.add(frames.get(i).qualifiedMethod());
                }
            }
            mapMethodsBySiteMethod.computeIfAbsent(c.keys().siteMethod(), k -> new LinkedHashSet<>())
                    .add(c.keys().entryMethod());
            samplesBySite.computeIfAbsent(c.keys().siteAndEntry(), k -> new int[1])[0]++;
            writers.putIfAbsent(thread.id(), thread);
            writersByMethod.computeIfAbsent(c.keys().siteMethod(), k -> new LinkedHashSet<>()).add(thread);
            if (c.kind() == WriteKind.WRITE) {
                confirmedWrite = true;
                plain = true;
            } else if (c.kind() == WriteKind.HIDDEN_WRITE) {
                confirmedWrite = true;
                hidden = true;
            }
        }

        void pair(ThreadRef a, ThreadRef b, Instant time) {
            ThreadRef lo = a.id() < b.id() ? a : b;
            ThreadRef hi = lo == a ? b : a;
            Pair p = pairs.computeIfAbsent(lo.id() + "|" + hi.id(), k -> new Pair(lo, hi));
            threads.putIfAbsent(lo.id(), lo);
            threads.putIfAbsent(hi.id(), hi);
            p.periods++;
            if (p.firstSeen == null) {
                p.firstSeen = time;
            }
            p.lastSeen = time;
        }

        boolean looksConfined(Set<String> allocations) {
            return methods.stream().anyMatch(m -> allocations.contains(confinementKey(family, m)))
                    || callers.stream().anyMatch(m -> allocations.contains(confinementKey(family, m)));
        }

        /** Whether the methods inside a shared lock only call get-like methods (the LRU shape). */
        boolean onlyReadLookingCalls(List<Evidence.SharedLockSeen> sharedLocks) {
            return sharedLocks.stream().allMatch(l -> mapMethodsBySiteMethod.getOrDefault(l.method(), Set.of())
                    .stream().allMatch(m -> m.endsWith(".get") || m.endsWith(".getOrDefault")
                            || m.startsWith("java.util.WeakHashMap.")));
        }

        /** A set that one method adds to and removes from: it holds what the calls in progress are doing. */
        boolean perCallState() {
            return family.isSet() && !addAndRemoveMethods().isEmpty();
        }

        /** Threads that ran the add-and-remove methods. */
        int perCallWriters() {
            Set<ThreadRef> ts = new HashSet<>();
            addAndRemoveMethods().forEach(m -> ts.addAll(writersByMethod.getOrDefault(m, Set.of())));
            return ts.size();
        }

        private List<String> addAndRemoveMethods() {
            return mapMethodsBySiteMethod.entrySet().stream().filter(e ->
                    e.getValue().stream().anyMatch(m -> m.endsWith(".add"))
                            && e.getValue().stream().anyMatch(m -> m.endsWith(".remove")))
                    .map(Map.Entry::getKey).toList();
        }

        /** {@code com.foo.Factory.widgetFor/evict/reload}. */
        String methodList() {
            return owner + "." + methods.stream().map(m -> m.substring(owner.length() + 1))
                    .collect(java.util.stream.Collectors.joining("/"));
        }

        Finding toFinding(Severity severity, Set<String> signs, List<Evidence.SharedLockSeen> sharedLocks) {
            FindingKind kind;
            String explanation;
            String advice;
            String verb;
            if (perCallState()) {
                kind = FindingKind.PER_CALL_STATE;
                explanation = Advice.perCallStateExplanation();
                advice = Advice.perCallStateAdvice();
                verb = "used as per-call state";
            } else if (!plain || (!sharedLocks.isEmpty() && onlyReadLookingCalls(sharedLocks))) {
                kind = FindingKind.HIDDEN_WRITE;
                explanation = Advice.hiddenWriteExplanation(family);
                advice = Advice.forFamily(family);
                verb = "written by read-looking calls";
            } else {
                kind = FindingKind.CONCURRENT_WRITERS;
                explanation = Advice.concurrentWritersExplanation(family, !signs.isEmpty());
                advice = Advice.forFamily(family);
                verb = "written";
            }
            if (!sharedLocks.isEmpty()) {
                verb = "written inside a shared read lock";
                explanation = Advice.sharedLockExplanation(family, sharedLocks.get(0).lockClass()) + " " + explanation;
                if (kind == FindingKind.CONCURRENT_WRITERS) {
                    advice = Advice.sharedLockAdvice() + " " + advice;
                }
            }
            if (!signs.isEmpty() && kind != FindingKind.CONCURRENT_WRITERS) {
                explanation += " The same site also shows signs of a corrupted map: " + String.join("; ", signs) + ".";
            }
            List<Evidence> evidence = new ArrayList<>(sharedLocks);
            pairs.values().stream().sorted(Comparator.comparingInt((Pair p) -> -p.periods))
                    .forEach(p -> evidence.add(new Evidence.CoSampled(String.join(", ", sites), p.first, p.second,
                            p.periods, p.firstSeen, p.lastSeen)));
            samplesBySite.forEach((k, n) -> {
                int bar = k.lastIndexOf('|');
                evidence.add(new Evidence.SiteSamples(k.substring(0, bar), k.substring(bar + 1), n[0],
                        writers.size()));
            });
            String together = threads.size() < 2 ? ""
                    : String.format(", %d of them in it in the same sampling period", threads.size());
            String title = String.format("%s %s by %d thread%s%s, in %s", family.simpleName(), verb, writers.size(),
                    writers.size() == 1 ? "" : "s", together, methodList());
            Map<Long, ThreadRef> involved = new TreeMap<>(writers);
            involved.putAll(threads);
            return new Finding(null, kind, severity, title, MapRef.ofType(family.className()), List.copyOf(sites),
                    List.copyOf(involved.values()), evidence, explanation, advice);
        }
    }
}
