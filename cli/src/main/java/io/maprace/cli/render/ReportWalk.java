package io.maprace.cli.render;

import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one order in which renderers for people walk a report: findings by severity, a finding's evidence
 * strongest first (grouped by type where a renderer tabulates it). Renderers format what this hands them; they
 * do not sort or pick evidence themselves, so text and HTML show the same things in the same order.
 */
final class ReportWalk {

    private ReportWalk() {
    }

    /** Findings by severity, proven first; within one severity in report order. */
    static List<Finding> findings(Report report) {
        List<Finding> fs = new ArrayList<>(report.findings());
        fs.sort((a, b) -> a.severity().compareTo(b.severity()));
        return fs;
    }

    static Map<Severity, Integer> severityCounts(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            counts.merge(f.severity(), 1, Integer::sum);
        }
        return counts;
    }

    /** {@code 4 findings (1 proven, 2 likely, 1 candidate)}. */
    static String findingsSummary(List<Finding> findings) {
        List<String> parts = new ArrayList<>();
        severityCounts(findings).forEach((s, n) -> parts.add(n + " " + s.label()));
        return RenderSupport.count(findings.size(), "finding", "findings")
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /** A finding's evidence strongest first; the order within one type is the report's. */
    static List<Evidence> evidence(Finding f) {
        return strongestFirst(f.evidence());
    }

    private static List<Evidence> strongestFirst(List<Evidence> evidence) {
        List<Evidence> es = new ArrayList<>(evidence);
        es.sort((a, b) -> EvidenceKind.of(a).compareTo(EvidenceKind.of(b)));
        return es;
    }

    /** A finding's evidence by type, strongest type first. */
    static Map<EvidenceKind, List<Evidence>> evidenceByKind(Finding f) {
        Map<EvidenceKind, List<Evidence>> byKind = new LinkedHashMap<>();
        for (Evidence e : evidence(f)) {
            byKind.computeIfAbsent(EvidenceKind.of(e), k -> new ArrayList<>()).add(e);
        }
        return byKind;
    }

    /** {@code 12 writes, 3 co-sampled pairs}: what a list of evidence holds, by type in order of strength. */
    static String tally(List<Evidence> evidence) {
        Map<EvidenceKind, Long> byKind = new EnumMap<>(EvidenceKind.class);
        for (Evidence e : evidence) {
            byKind.merge(EvidenceKind.of(e), 1L, Long::sum);
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((k, n) -> parts.add(k.count(n)));
        return String.join(", ", parts);
    }

    /** The finding's only site, or null: evidence naming that site again need not repeat it. */
    static String onlySite(Finding f) {
        return f.sites().size() == 1 ? f.sites().get(0) : null;
    }
}
