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

    private final StackClassifier classifier;
    private final AnalysisSettings settings;
    private final Supplier<Duration> samplingPeriod;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Sweeps sweeps = new Sweeps();
    /** Map classes allocated per method: "java.util.HashSet|com.foo.Worker.process". */
    private final Set<String> allocations = new HashSet<>();
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
        if (MapFamily.ofFrameClass(a.objectClass()).isEmpty() || a.objectClass().indexOf('$') >= 0) {
            return;
        }
        // The frame that executed `new`: the first one outside the map classes' own constructors.
        for (Frame f : a.stack().frames()) {
            if (!MapApi.isMapFrame(f)) {
                allocations.add(a.objectClass() + "|" + f.qualifiedMethod());
                return;
            }
        }
    }

    private void sample(StackSample s) {
        sweeps.sample(s);
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
        String key = c.site().className() + "|" + c.family();
        Group g = groups.computeIfAbsent(key, k -> new Group(c));
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
            if (g.threads.size() < 2 || periods < settings.minCoSampledPeriods() || !g.confirmedWrite) {
                continue;
            }
            if (g.looksConfined(allocations)) {
                confinedGroups++;
                continue;
            }
            Set<String> signs = new java.util.TreeSet<>();
            g.methods.forEach(m -> signs.addAll(corroboration.at(m)));
            kept.add(new Scored(g, periods, signs));
        }
        kept.sort(Comparator.comparing((Scored s) -> s.signs.isEmpty()).thenComparing(s -> -s.periods));
        List<Finding> out = new ArrayList<>();
        int candidates = 0;
        for (Scored s : kept) {
            boolean likely = !s.signs.isEmpty();
            if (!likely && candidates++ >= settings.maxCandidates()) {
                continue;
            }
            out.add(s.group.toFinding(likely ? Severity.LIKELY : Severity.CANDIDATE, s.signs));
        }
        return out;
    }

    private record Scored(Group group, int periods, Set<String> signs) {
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
        final MapFamily family;
        final Set<String> methods = new LinkedHashSet<>();
        final Set<String> callers = new LinkedHashSet<>();
        final Set<String> sites = new LinkedHashSet<>();
        final Map<String, Set<String>> mapMethodsBySiteMethod = new LinkedHashMap<>();
        final Map<String, int[]> samplesBySite = new LinkedHashMap<>();
        final Map<Long, ThreadRef> writers = new TreeMap<>();
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

        void add(ThreadRef thread, MapCall c, List<Frame> frames) {
            if (!c.writes()) {
                reads++;
                return;
            }
            sites.add(c.site().site());
            if (methods.add(c.site().qualifiedMethod())) {
                // The two callers below a site: where a per-call map would have been allocated.
                for (int i = c.siteIndex() + 1; i < frames.size() && i <= c.siteIndex() + 2; i++) {
                    callers.add(frames.get(i).qualifiedMethod());
                }
            }
            mapMethodsBySiteMethod.computeIfAbsent(c.site().qualifiedMethod(), k -> new LinkedHashSet<>())
                    .add(c.entry().qualifiedMethod());
            samplesBySite.computeIfAbsent(c.site().site() + "|" + c.entry().qualifiedMethod(), k -> new int[1])[0]++;
            writers.putIfAbsent(thread.id(), thread);
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
            return methods.stream().anyMatch(m -> allocations.contains(family.className() + "|" + m))
                    || callers.stream().anyMatch(m -> allocations.contains(family.className() + "|" + m));
        }

        /** A set that one method adds to and removes from: it holds what the calls in progress are doing. */
        boolean perCallState() {
            return family.isSet() && mapMethodsBySiteMethod.values().stream().anyMatch(entries ->
                    entries.stream().anyMatch(m -> m.endsWith(".add"))
                            && entries.stream().anyMatch(m -> m.endsWith(".remove")));
        }

        /** {@code com.foo.Factory.widgetFor/evict/reload}. */
        String methodList() {
            return owner + "." + methods.stream().map(m -> m.substring(owner.length() + 1))
                    .collect(java.util.stream.Collectors.joining("/"));
        }

        Finding toFinding(Severity severity, Set<String> signs) {
            FindingKind kind;
            String explanation;
            String advice;
            String verb;
            if (perCallState()) {
                kind = FindingKind.PER_CALL_STATE;
                explanation = Advice.perCallStateExplanation();
                advice = Advice.perCallStateAdvice();
                verb = "used as per-call state";
            } else if (hidden && !plain) {
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
            if (!signs.isEmpty() && kind != FindingKind.CONCURRENT_WRITERS) {
                explanation += " The same site also shows signs of a corrupted map: " + String.join("; ", signs) + ".";
            }
            List<Evidence> evidence = new ArrayList<>();
            pairs.values().stream().sorted(Comparator.comparingInt((Pair p) -> -p.periods))
                    .forEach(p -> evidence.add(new Evidence.CoSampled(String.join(", ", sites), p.first, p.second,
                            p.periods, p.firstSeen, p.lastSeen)));
            samplesBySite.forEach((k, n) -> {
                int bar = k.lastIndexOf('|');
                evidence.add(new Evidence.SiteSamples(k.substring(0, bar), k.substring(bar + 1), n[0],
                        writers.size()));
            });
            String title = String.format("%s %s by %d thread%s, with %d thread%s in it in the same sampling "
                            + "period, in %s", family.simpleName(), verb, writers.size(), writers.size() == 1 ? "" : "s",
                    threads.size(), threads.size() == 1 ? "" : "s", methodList());
            return new Finding(null, kind, severity, title, MapRef.ofType(family.className()), List.copyOf(sites),
                    List.copyOf(threads.values()), evidence, explanation, advice);
        }
    }
}
