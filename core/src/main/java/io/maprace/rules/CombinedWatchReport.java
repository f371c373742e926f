package io.maprace.rules;

import io.maprace.events.LockWait;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Advice;
import io.maprace.findings.CombinedWatchStats;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.JfrWatchStats;
import io.maprace.findings.Report;
import io.maprace.findings.Source;
import io.maprace.findings.Timeline;
import io.maprace.findings.Warning;
import io.maprace.findings.WatchStats;
import io.maprace.graph.ContentionGraphBuilder;
import io.maprace.model.WatchResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report of a watch through a flight recording and breakpoints at once ({@code watch --evidence both}): one
 * finding per map, its evidence marked sampled (the recording) or proven (the breakpoints).
 *
 * <p>A finding of the recording joins the breakpoints' finding that shares one of its write sites (both name a
 * site by the application frame that called the map, the same {@code pkg.Class.method(File.java:line)}); the
 * joined finding keeps the breakpoints' map, kind and title, takes the stronger severity, and holds both kinds of
 * evidence. What only one source saw stays its own finding. The findings are numbered again, and the recording's
 * timeline names the new numbers.
 */
public final class CombinedWatchReport {

    private CombinedWatchReport() {
    }

    /**
     * @param watch what the breakpoints saw
     * @param sampled what the recording's analysis found
     * @param sampledStats the recording's counters
     * @param sampledWarnings what the recording's side has to say (its recording lost, the target exited...)
     * @param steered the maps the recording steered the breakpoints to ({@link CombinedWatchStats#steered()})
     */
    public static Report of(WatchResult watch, Analysis.Result sampled, JfrWatchStats sampledStats,
                            List<Warning> sampledWarnings, List<String> steered, String tool) {
        Report proven = WatchReport.of(watch, tool);
        List<Finding> fromProven = proven.findings();
        Map<String, List<Finding>> joins = new HashMap<>();
        List<Finding> sampledAlone = new ArrayList<>();
        for (Finding s : sampled.findings()) {
            Finding partner = fromProven.stream().filter(p -> !Collections.disjoint(p.sites(), s.sites()))
                    .findFirst().orElse(null);
            if (partner == null) {
                sampledAlone.add(s);
            } else {
                joins.computeIfAbsent(partner.id(), k -> new ArrayList<>()).add(s);
            }
        }
        // Findings in the report's order (most severe first; the breakpoints' before the recording's within one
        // severity), each with its new id; old ids of both sources point to the new ones.
        List<Draft> drafts = new ArrayList<>();
        for (Finding p : fromProven) {
            drafts.add(new Draft(joined(p, joins.getOrDefault(p.id(), List.of())), true));
        }
        sampledAlone.forEach(s -> drafts.add(new Draft(s, false)));
        drafts.sort(Comparator.comparing(d -> d.finding().severity()));
        Map<String, String> sampledIds = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Draft d : drafts) {
            String id = "F" + (findings.size() + 1);
            String old = d.finding().id();
            if (d.fromBreakpoints()) {
                joins.getOrDefault(old, List.of()).forEach(s -> sampledIds.put(s.id(), id));
            } else {
                sampledIds.put(old, id);
            }
            findings.add(renumbered(d.finding(), id));
        }
        ContentionGraphBuilder graph = new ContentionGraphBuilder();
        findings.forEach(graph::addFinding);
        // The breakpoints saw every contended monitor entry while armed; the recording only those over its
        // threshold: the graph's blocks edges are the breakpoints', not both (each wait would count twice).
        for (LockWait w : watch.lockWaits()) {
            graph.addLockWait(w);
        }
        List<Warning> warnings = new ArrayList<>(proven.warnings());
        for (Warning w : sampledWarnings) {
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
        Source source = new Source("watch-both", proven.source().inputs(), earliest(watch.start(), sampled.first()),
                latest(watch.end(), sampled.last()),
                new CombinedWatchStats(sampledStats, (WatchStats) proven.source().stats(), steered));
        return new Report(Report.SCHEMA, tool, source, findings, graph.build(), warnings,
                timeline(sampled.timeline(), sampledIds));
    }

    /** A finding before it is numbered again, and which source's numbering its id is in. */
    private record Draft(Finding finding, boolean fromBreakpoints) {
    }

    /** A finding of the breakpoints with the recording's findings at its sites. */
    private static Finding joined(Finding p, List<Finding> sampled) {
        if (sampled.isEmpty()) {
            return p;
        }
        Set<String> sites = new LinkedHashSet<>(p.sites());
        Map<Long, ThreadRef> threads = new TreeMap<>();
        p.threads().forEach(t -> threads.put(t.id(), t));
        List<Evidence> evidence = new ArrayList<>(p.evidence());
        Set<String> kinds = new LinkedHashSet<>();
        var severity = p.severity();
        for (Finding s : sampled) {
            sites.addAll(s.sites());
            s.threads().forEach(t -> threads.putIfAbsent(t.id(), t));
            evidence.addAll(s.evidence());
            kinds.add(s.severity().label() + " " + s.kind().label());
            if (s.severity().compareTo(severity) < 0) {
                severity = s.severity();
            }
        }
        return new Finding(p.id(), p.kind(), severity, p.title(), p.map(), List.copyOf(sites),
                List.copyOf(threads.values()), evidence,
                (p.explanation() + " " + Advice.alsoSampled(List.copyOf(kinds))).strip(), p.advice());
    }

    private static Finding renumbered(Finding f, String id) {
        return new Finding(id, f.kind(), f.severity(), f.title(), f.map(), f.sites(), f.threads(), f.evidence(),
                f.explanation(), f.advice());
    }

    private static Timeline timeline(Timeline t, Map<String, String> ids) {
        List<Timeline.Lane> lanes = new ArrayList<>();
        for (Timeline.Lane lane : t.lanes()) {
            List<Timeline.Mark> marks = new ArrayList<>();
            for (Timeline.Mark m : lane.marks()) {
                marks.add(new Timeline.Mark(m.kind(), m.from(), m.to(), m.site(), m.count(),
                        m.finding() == null ? null : ids.get(m.finding()), m.detail()));
            }
            lanes.add(new Timeline.Lane(lane.thread(), marks));
        }
        return new Timeline(t.start(), t.end(), t.sites(), lanes);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
