package io.maprace.graph;

import io.maprace.events.LockWait;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;
import org.jgrapht.alg.cycle.TarjanSimpleCycles;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link ContentionGraph} from findings (race edges) and lock waits (blocks edges). Live and
 * post-mortem paths feed it the same way.
 */
public final class ContentionGraphBuilder {

    /** Findings whose thread pairs become race edges. */
    private static final Set<FindingKind> RACE_KINDS = EnumSet.of(FindingKind.CONCURRENT_WRITERS,
            FindingKind.HIDDEN_WRITE, FindingKind.PER_CALL_STATE, FindingKind.UNSAFE_WRITES);

    private static final int MAX_CYCLES = 20;
    private static final int MAX_CYCLE_LENGTH = 4;
    private static final int MAX_WAITS_PER_EDGE = 64;

    private final Map<Long, ThreadRef> threads = new TreeMap<>();
    private final Map<String, EdgeSum> edges = new LinkedHashMap<>();
    private final Map<Long, Map<String, Long>> parkedMillis = new TreeMap<>();

    public ContentionGraphBuilder addFinding(Finding finding) {
        if (!RACE_KINDS.contains(finding.kind())) {
            return this;
        }
        boolean paired = false;
        for (Evidence e : finding.evidence()) {
            if (e instanceof Evidence.CoSampled c) {
                race(finding, c.first(), c.second(), c.periods());
                paired = true;
            } else if (e instanceof Evidence.Overlap o) {
                race(finding, o.held().thread(), o.entered().thread(), 1);
                paired = true;
            }
        }
        if (!paired) {
            // Without pairwise evidence, every pair of the finding's writer threads wrote the map unprotected.
            List<ThreadRef> ts = finding.threads();
            for (int i = 0; i < ts.size(); i++) {
                for (int j = i + 1; j < ts.size(); j++) {
                    race(finding, ts.get(i), ts.get(j), 1);
                }
            }
        }
        return this;
    }

    public ContentionGraphBuilder addLockWait(LockWait wait) {
        thread(wait.waiter());
        long millis = wait.duration().toMillis();
        if (wait.holder() == null || wait.holder().id() == wait.waiter().id()) {
            parkedMillis.computeIfAbsent(wait.waiter().id(), k -> new TreeMap<>())
                    .merge(wait.lockClass(), millis, Long::sum);
            return this;
        }
        thread(wait.holder());
        String key = "blocks|" + wait.waiter().key() + "|" + wait.holder().key() + "|" + wait.lockClass();
        EdgeSum sum = edges.computeIfAbsent(key, k -> new EdgeSum(wait.waiter().key(), wait.holder().key(),
                ContentionGraph.Kind.BLOCKS, null, null, wait.lockClass()));
        sum.count++;
        sum.totalMillis += millis;
        if (sum.waits.size() < MAX_WAITS_PER_EDGE) {
            sum.waits.add(new Wait(wait.time(), wait.time().plus(wait.duration()), wait.lockClass()));
        }
        sum.sites.add(wait.stack().isEmpty() ? "" : wait.stack().top().site());
        return this;
    }

    private void race(Finding finding, ThreadRef a, ThreadRef b, int count) {
        if (a.id() == b.id()) {
            return;
        }
        ThreadRef lo = a.id() < b.id() ? a : b;
        ThreadRef hi = lo == a ? b : a;
        thread(lo);
        thread(hi);
        String map = finding.map() == null ? "?" : finding.map().label();
        String key = "race|" + lo.key() + "|" + hi.key() + "|" + map;
        EdgeSum sum = edges.computeIfAbsent(key, k -> new EdgeSum(lo.key(), hi.key(), ContentionGraph.Kind.RACE,
                finding.severity(), map, null));
        sum.count += count;
        sum.sites.addAll(finding.sites());
        sum.findings.add(finding.id());
        if (finding.severity().compareTo(sum.severity) < 0) {
            sum.severity = finding.severity();
        }
    }

    private void thread(ThreadRef t) {
        threads.putIfAbsent(t.id(), t);
    }

    public ContentionGraph build() {
        List<ContentionGraph.Node> nodes = new ArrayList<>();
        for (ThreadRef t : threads.values()) {
            List<String> waited = parkedMillis.getOrDefault(t.id(), Map.of()).entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + " ms)").toList();
            nodes.add(new ContentionGraph.Node(t.key(), t.id(), t.name(), waited));
        }
        List<ContentionGraph.Edge> out = edges.values().stream()
                .sorted((a, b) -> a.kind != b.kind ? a.kind.compareTo(b.kind) : Long.compare(b.count, a.count))
                .map(EdgeSum::toEdge).toList();
        return new ContentionGraph(nodes, out, blockCycles());
    }

    /**
     * Cycles of threads each blocked on a lock the next one held, at the same time, on locks of distinct
     * classes: a lock order inversion that resolved (a deadlock never ends its waits, so it records none; the
     * JVM's deadlock report in thread dumps covers it). Waits summed over a recording make cycles of ordinary contention (A waits for B on a lock,
     * later B waits for A on the same lock), so each cycle is checked against the waits themselves.
     */
    private List<List<String>> blockCycles() {
        List<EdgeSum> blocks = new ArrayList<>();
        for (EdgeSum s : edges.values()) {
            if (s.kind == ContentionGraph.Kind.BLOCKS) {
                blocks.add(s);
            }
        }
        if (blocks.size() < 2) {
            // a cycle of two threads or more has as many edges; the graph is not built for nothing
            return List.of();
        }
        DefaultDirectedGraph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        Map<String, List<EdgeSum>> byPair = new LinkedHashMap<>();
        for (EdgeSum s : blocks) {
            g.addVertex(s.from);
            g.addVertex(s.to);
            g.addEdge(s.from, s.to);
            byPair.computeIfAbsent(s.from + ">" + s.to, k -> new ArrayList<>()).add(s);
        }
        List<List<String>> cycles = new ArrayList<>();
        new TarjanSimpleCycles<>(g).findSimpleCycles(c -> {
            if (c.size() > 1 && c.size() <= MAX_CYCLE_LENGTH && cycles.size() < MAX_CYCLES
                    && simultaneous(c, byPair)) {
                cycles.add(List.copyOf(c));
            }
        });
        return cycles;
    }

    private static boolean simultaneous(List<String> cycle, Map<String, List<EdgeSum>> byPair) {
        List<List<Wait>> steps = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            String key = cycle.get(i) + ">" + cycle.get((i + 1) % cycle.size());
            List<Wait> waits = new ArrayList<>();
            byPair.getOrDefault(key, List.of()).forEach(s -> waits.addAll(s.waits));
            steps.add(waits);
        }
        return choose(steps, 0, null, null, new java.util.HashSet<>());
    }

    /** Picks one wait per step so that all overlap in time and no two are on one lock. */
    private static boolean choose(List<List<Wait>> steps, int i, java.time.Instant from, java.time.Instant to,
                                  Set<String> locks) {
        if (i == steps.size()) {
            return true;
        }
        for (Wait w : steps.get(i)) {
            java.time.Instant f = from == null || w.start.isAfter(from) ? w.start : from;
            java.time.Instant t = to == null || w.end.isBefore(to) ? w.end : to;
            if (!f.isBefore(t) || locks.contains(w.lock)) {
                continue;
            }
            locks.add(w.lock);
            if (choose(steps, i + 1, f, t, locks)) {
                return true;
            }
            locks.remove(w.lock);
        }
        return false;
    }

    /** JFR's monitor addresses are those of inflated monitors, which are reused: tell locks apart by class. */
    private record Wait(java.time.Instant start, java.time.Instant end, String lock) {
    }

    private static final class EdgeSum {
        final String from;
        final String to;
        final ContentionGraph.Kind kind;
        Severity severity;
        final String map;
        final String lock;
        final Set<String> sites = new LinkedHashSet<>();
        final Set<String> findings = new LinkedHashSet<>();
        final List<Wait> waits = new ArrayList<>();
        int count;
        long totalMillis;

        EdgeSum(String from, String to, ContentionGraph.Kind kind, Severity severity, String map, String lock) {
            this.from = from;
            this.to = to;
            this.kind = kind;
            this.severity = severity;
            this.map = map;
            this.lock = lock;
        }

        ContentionGraph.Edge toEdge() {
            sites.remove("");
            return new ContentionGraph.Edge(from, to, kind, severity, map, lock, List.copyOf(sites), count,
                    kind == ContentionGraph.Kind.BLOCKS ? totalMillis : null, List.copyOf(findings));
        }
    }
}
