package io.maprace.rules;

import io.maprace.events.LockWait;
import io.maprace.findings.Finding;
import io.maprace.findings.MapVerdict;
import io.maprace.findings.Report;
import io.maprace.findings.Source;
import io.maprace.graph.ContentionGraphBuilder;
import io.maprace.model.MapHistory;
import io.maprace.model.WatchResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the report of a watch: findings, the thread graph, and what was watched for how long. */
public final class WatchReport {

    private WatchReport() {
    }

    public static Report of(WatchResult result, String tool) {
        List<Finding> findings = new ArrayList<>(WatchFindings.build(result.maps()));
        ContentionGraphBuilder graph = new ContentionGraphBuilder();
        findings.forEach(graph::addFinding);
        // Damage the integrity checks found, as scan reports it: a race that is over leaves no write to see.
        findings.addAll(ScanFindings.corruptedMaps(result.damaged(), findings));
        for (LockWait w : result.lockWaits()) {
            graph.addLockWait(w);
        }
        Source source = new Source("watch", List.of(result.target()), result.start(), result.end(),
                result.stats().withVerdicts(summaries(result.maps())));
        return new Report(Report.SCHEMA, tool, source, findings, graph.build(), result.warnings());
    }

    /** One verdict per watched map (grouped as findings are), also for the maps found safe. */
    private static List<MapVerdict> summaries(List<MapHistory> maps) {
        Map<String, List<MapHistory>> byGroup = new LinkedHashMap<>();
        for (MapHistory h : maps) {
            byGroup.computeIfAbsent(h.map().group(), k -> new ArrayList<>()).add(h);
        }
        List<MapVerdict> out = new ArrayList<>();
        for (Map.Entry<String, List<MapHistory>> e : byGroup.entrySet()) {
            long writes = 0;
            java.util.Set<Long> threads = new java.util.TreeSet<>();
            Verdict worst = null;
            for (MapHistory h : e.getValue()) {
                writes += h.writes();
                h.writers().forEach(t -> threads.add(t.id()));
                Verdict v = Verdict.of(h);
                if (worst == null || (v.unsafe() && (!worst.unsafe()
                        || v.severity().compareTo(worst.severity()) < 0))) {
                    worst = v;
                }
            }
            out.add(new MapVerdict(e.getKey(), e.getValue().get(0).map().simpleType(), e.getValue().size(), writes,
                    threads.size(), worst.severity(), worst.reason()));
        }
        return out;
    }
}
