package io.maprace.probe.watch;

import io.maprace.events.LockWait;
import io.maprace.findings.Finding;
import io.maprace.findings.Report;
import io.maprace.findings.Source;
import io.maprace.graph.ContentionGraphBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the report of a watch: findings, the thread graph, and what was watched for how long. */
public final class WatchReport {

    private WatchReport() {
    }

    public static Report of(WatchResult result, String tool) {
        List<Finding> findings = WatchFindings.build(result.maps());
        ContentionGraphBuilder graph = new ContentionGraphBuilder();
        findings.forEach(graph::addFinding);
        for (LockWait w : result.lockWaits()) {
            graph.addLockWait(w);
        }
        Map<String, Object> stats = new LinkedHashMap<>(result.stats());
        stats.put("maps", summaries(result.maps()));
        Source source = new Source("watch", List.of(result.target()), result.start(), result.end(), stats);
        return new Report(Report.SCHEMA, tool, source, findings, graph.build(), result.warnings());
    }

    /**
     * One line per watched map (grouped as findings are): the measured statement of what was seen, also for the
     * maps found safe.
     */
    private static List<Map<String, Object>> summaries(List<MapHistory> maps) {
        Map<String, List<MapHistory>> byGroup = new LinkedHashMap<>();
        for (MapHistory h : maps) {
            byGroup.computeIfAbsent(h.map().group(), k -> new ArrayList<>()).add(h);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, List<MapHistory>> e : byGroup.entrySet()) {
            long writes = 0;
            java.util.Set<Long> threads = new java.util.TreeSet<>();
            Verdict worst = null;
            for (MapHistory h : e.getValue()) {
                writes += h.writes();
                h.writers().forEach(t -> threads.add(t.id()));
                Verdict v = h.verdict();
                if (worst == null || (v.unsafe() && (!worst.unsafe()
                        || v.severity().compareTo(worst.severity()) < 0))) {
                    worst = v;
                }
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("map", e.getKey());
            line.put("type", e.getValue().get(0).map().type());
            line.put("instances", e.getValue().size());
            line.put("writes", writes);
            line.put("writerThreads", threads.size());
            line.put("verdict", worst.unsafe() ? worst.severity().label() : "safe");
            line.put("reason", worst.reason());
            out.add(line);
        }
        return out;
    }
}
