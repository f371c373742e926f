package io.maprace.rules;

import io.maprace.events.ThreadRef;
import io.maprace.events.WriteEvent;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;
import io.maprace.model.MapHistory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what was seen of each map instance into findings: one per map the user would name (a path, or
 * {@code Owner#field} for maps watched by field, whose unsafe instances are reported together).
 */
public final class WatchFindings {

    private static final int MAX_OVERLAPS = 3;
    private static final int MAX_SITES = 12;

    private WatchFindings() {
    }

    public static List<Finding> build(Collection<MapHistory> histories) {
        Map<String, List<MapHistory>> unsafeByGroup = new LinkedHashMap<>();
        for (MapHistory h : histories) {
            if (Verdict.of(h).unsafe()) {
                unsafeByGroup.computeIfAbsent(h.map().group(), k -> new ArrayList<>()).add(h);
            }
        }
        Map<String, Long> instancesByGroup = new TreeMap<>();
        for (MapHistory h : histories) {
            instancesByGroup.merge(h.map().group(), 1L, Long::sum);
        }
        List<List<MapHistory>> groups = new ArrayList<>(unsafeByGroup.values());
        for (List<MapHistory> group : groups) {
            group.sort(Comparator.comparing((MapHistory h) -> Verdict.of(h).severity())
                    .thenComparing(h -> -h.writes()));
        }
        // The report's order (most severe first, then by map) is known before the findings are built: each gets
        // its id as it is made.
        groups.sort(Comparator.comparing((List<MapHistory> g) -> Verdict.of(g.get(0)).severity())
                .thenComparing(g -> g.get(0).map().ref().label()));
        List<Finding> findings = new ArrayList<>();
        for (List<MapHistory> group : groups) {
            findings.add(finding("F" + (findings.size() + 1), group,
                    instancesByGroup.get(group.get(0).map().group())));
        }
        return findings;
    }

    private static Finding finding(String id, List<MapHistory> group, long instancesWatched) {
        MapHistory lead = group.get(0);
        Severity severity = Verdict.of(lead).severity();
        Set<String> sites = new LinkedHashSet<>();
        Map<Long, ThreadRef> threads = new TreeMap<>();
        List<Evidence> evidence = new ArrayList<>();
        int overlaps = 0;
        for (MapHistory h : group) {
            sites.addAll(h.sites());
            h.writers().forEach(t -> threads.put(t.id(), t));
            for (Evidence.Overlap o : h.overlaps()) {
                if (overlaps++ < MAX_OVERLAPS) {
                    evidence.add(o);
                }
            }
        }
        for (WriteEvent w : lead.samples()) {
            evidence.add(w.evidence());
        }
        String type = lead.map().simpleType();
        String label = lead.map().group();
        String instances = group.size() > 1 || instancesWatched > 1
                ? " (" + group.size() + " of " + instancesWatched + " instances)" : "";
        String title = severity == Severity.PROVEN
                ? type + " " + label + instances + ": two threads inside writes at the same time"
                : type + " " + label + instances + ": written by " + threads.size()
                + " threads without a common exclusive lock";
        Advice.Text text = Advice.unsafeWrites(lead, severity);
        return new Finding(id, FindingKind.UNSAFE_WRITES, severity, title, lead.map().ref(),
                sites.stream().limit(MAX_SITES).toList(), List.copyOf(threads.values()), evidence,
                text.explanation(), text.advice());
    }
}
