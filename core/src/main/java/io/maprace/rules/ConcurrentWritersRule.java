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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
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
 * the map. Sites are grouped by the application method that writes (a get-then-put at two lines is one place
 * to fix). Samples cannot tell a shared map from one confined to each thread, so a group is ranked by how
 * strongly the rest of the recording points at one shared map: corruption seen at the same method makes it
 * {@code likely}; a map of that type allocated where it is written makes it look confined, and it is dropped.
 */
public final class ConcurrentWritersRule implements Rule {

    private final StackClassifier classifier;
    private final AnalysisSettings settings;
    private final Supplier<Duration> samplingPeriod;
    private final Map<String, Group> groups = new LinkedHashMap<>();
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
        Optional<MapCall> found = classifier.classify(s.stack());
        if (found.isEmpty() || !found.get().writes()) {
            return;
        }
        MapCall c = found.get();
        if (c.locked()) {
            lockedWriteSamples++;
            return;
        }
        if (!settings.includeJdkSites() && MapApi.isJdkFrame(c.site())) {
            return;
        }
        String key = c.site().qualifiedMethod() + "|" + c.family();
        Group g = groups.computeIfAbsent(key, k -> new Group(c, s.stack().frames()));
        g.add(s.time(), s.thread(), c, samplingPeriod.get());
    }

    @Override
    public void segmentEnd() {
        groups.values().forEach(g -> g.recent.clear());
    }

    public int lockedWriteSamples() {
        return lockedWriteSamples;
    }

    public int confinedGroups() {
        return confinedGroups;
    }

    @Override
    public List<Finding> findings(Corroboration corroboration) {
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
            Set<String> signs = corroboration.at(g.method);
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

    private record Recent(Instant time, ThreadRef thread) {
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
        final String method;
        final MapFamily family;
        final List<String> callers;
        final Set<String> sites = new LinkedHashSet<>();
        final Set<String> mapMethods = new LinkedHashSet<>();
        final Map<String, int[]> samplesBySite = new LinkedHashMap<>();
        final Map<Long, ThreadRef> threads = new TreeMap<>();
        final Map<String, Pair> pairs = new LinkedHashMap<>();
        final Deque<Recent> recent = new ArrayDeque<>();
        boolean confirmedWrite;
        boolean hidden;
        boolean plain;

        Group(MapCall c, List<Frame> frames) {
            this.method = c.site().qualifiedMethod();
            this.family = c.family();
            List<String> below = new ArrayList<>();
            for (int i = c.siteIndex() + 1; i < frames.size() && below.size() < 2; i++) {
                below.add(frames.get(i).qualifiedMethod());
            }
            this.callers = below;
        }

        void add(Instant time, ThreadRef thread, MapCall c, Duration period) {
            sites.add(c.site().site());
            mapMethods.add(c.entry().qualifiedMethod());
            samplesBySite.computeIfAbsent(c.site().site() + "|" + c.entry().qualifiedMethod(), k -> new int[1])[0]++;
            threads.putIfAbsent(thread.id(), thread);
            if (c.kind() == WriteKind.WRITE) {
                confirmedWrite = true;
                plain = true;
            } else if (c.kind() == WriteKind.HIDDEN_WRITE) {
                confirmedWrite = true;
                hidden = true;
            }
            Instant horizon = time.minus(period);
            while (!recent.isEmpty() && recent.peekFirst().time().isBefore(horizon)) {
                recent.removeFirst();
            }
            Set<Long> counted = new HashSet<>();
            for (Recent r : recent) {
                if (r.thread().id() != thread.id() && counted.add(r.thread().id())) {
                    pair(r.thread(), thread, time);
                }
            }
            recent.addLast(new Recent(time, thread));
        }

        private void pair(ThreadRef a, ThreadRef b, Instant time) {
            ThreadRef lo = a.id() < b.id() ? a : b;
            ThreadRef hi = lo == a ? b : a;
            Pair p = pairs.computeIfAbsent(lo.id() + "|" + hi.id(), k -> new Pair(lo, hi));
            p.periods++;
            if (p.firstSeen == null) {
                p.firstSeen = time;
            }
            p.lastSeen = time;
        }

        boolean looksConfined(Set<String> allocations) {
            if (allocations.contains(family.className() + "|" + method)) {
                return true;
            }
            return callers.stream().anyMatch(m -> allocations.contains(family.className() + "|" + m));
        }

        boolean perCallState() {
            boolean adds = mapMethods.stream().anyMatch(m -> m.endsWith(".add") || m.endsWith(".put"));
            boolean removes = mapMethods.stream().anyMatch(m -> m.endsWith(".remove"));
            return family.isSet() && adds && removes;
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
                        threads.size()));
            });
            String title = String.format("%s %s by %d threads at the same time, in %s", family.simpleName(), verb,
                    threads.size(), method);
            return new Finding(null, kind, severity, title, MapRef.ofType(family.className()), List.copyOf(sites),
                    List.copyOf(threads.values()), evidence, explanation, advice);
        }
    }
}
