package io.maprace.rules;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Report;
import io.maprace.findings.HeapScanStats;
import io.maprace.findings.Severity;
import io.maprace.findings.Source;
import io.maprace.findings.Warning;
import io.maprace.graph.ContentionGraph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the maps a heap scan found (of a live JVM or of a heap dump) into the report every renderer reads: one
 * {@code corrupted-map} finding per damaged map ({@code proven} or {@code likely}), then {@code shared-map}
 * candidates grouped by path (a thousand maps in one array are one finding), best first.
 */
public final class ScanFindings {

    private ScanFindings() {
    }

    /**
     * @param target how the scanned heap is named
     * @param maps the scan's maps, ranked best first
     * @param scanStats the scan's counters (the judgement adds how many maps are shared)
     * @param top shared-map findings reported at most (corrupted maps are all reported)
     */
    public static Report report(String tool, String target, Instant start, Instant end, List<ScannedMap> maps,
                                HeapScanStats scanStats, List<Warning> warnings, int top) {
        return report(tool, target, start, end, maps, null, scanStats, warnings, top);
    }

    /**
     * The report of a scan that kept full detail only for its leading maps ({@code maps}: every damaged one among
     * them) and counted the others per group ({@code counted}, null when none were left out): the same report as
     * from one ranked list of all of them.
     */
    public static Report report(String tool, String target, Instant start, Instant end, List<ScannedMap> maps,
                                SharedGroups counted, HeapScanStats scanStats, List<Warning> warnings, int top) {
        List<Finding> findings = new ArrayList<>();
        for (ScannedMap m : maps) {
            if (m.corrupted()) {
                findings.add(corrupted(id(findings), m));
            }
        }
        SharedGroups groups = SharedGroups.merge(maps, counted);
        int shown = 0;
        for (SharedGroups.Group group : groups.groups()) {
            if (shown++ >= top) {
                break;
            }
            findings.add(shared(id(findings), group));
        }
        Source source = new Source("scan", List.of(target), start, end,
                scanStats.withSharing(groups.shared(), groups.groups().size()));
        return new Report(Report.SCHEMA, tool, source, findings, ContentionGraph.EMPTY, warnings);
    }

    /** One {@code corrupted-map} finding per damaged map, numbered after {@code before} (a watch's own findings). */
    public static List<Finding> corruptedMaps(List<ScannedMap> damaged, List<Finding> before) {
        List<Finding> all = new ArrayList<>(before);
        for (ScannedMap m : damaged) {
            all.add(corrupted(id(all), m));
        }
        return all.subList(before.size(), all.size());
    }

    /** The id of the next finding: F1, F2... in report order. */
    private static String id(List<Finding> before) {
        return "F" + (before.size() + 1);
    }

    private static String pattern(ScannedMap m) {
        return MapRef.pathPattern(m.map().path());
    }

    private static String simple(String type) {
        String s = type.substring(type.lastIndexOf('.') + 1);
        return s.replace('$', '.');
    }

    private static Finding corrupted(String id, ScannedMap m) {
        String kind = m.kind().simpleName() + (m.accessOrder() ? " (access-ordered)" : "");
        String first = m.defects().isEmpty() ? "broken" : m.defects().get(0).detail();
        String title = simple(m.map().type()) + " " + m.map().path() + (m.damage() == Severity.CANDIDATE
                ? " looks corrupted (not confirmed): " : " is corrupted: ") + first;
        List<Evidence> evidence = new ArrayList<>(m.defects());
        evidence.add(new Evidence.Sharing(sharingReason(m), m.threads()));
        String explanation = Advice.corruptedExplanation(kind,
                m.defects().stream().map(Evidence.Corruption::check).toList()) + " How maprace knows: "
                + m.confirmation() + "." + (m.partlyRead() ? " The check stopped inside this map (the scan's "
                + "time ran out, the map was resized while read, or it reached the cap of entries per map): it read " + m.entriesRead() + " of its " + m.size()
                + " entries." : "");
        return new Finding(id, FindingKind.CORRUPTED_MAP, m.damage(), title, m.map(), List.of(), List.of(), evidence,
                explanation, Advice.corruptedAdvice(kind, m.accessOrder()));
    }

    private static Finding shared(String id, SharedGroups.Group group) {
        ScannedMap best = group.best();
        String kind = best.kind().simpleName() + (best.accessOrder() ? " (access-ordered)" : "");
        String type = simple(best.map().type());
        String title;
        MapRef ref;
        if (group.count() == 1) {
            title = type + " " + best.map().path() + " (" + entries(best) + ") " + reachPhrase(best)
                    + writesPhrase(best);
            ref = best.map();
        } else {
            long written = group.written;
            title = group.count() + " " + type + "s at " + pattern(best) + " " + reachPhrase(best).replace("is ", "are ")
                    + (written > 0 ? "; " + written + " of them were written during the scan" : "");
            ref = new MapRef(best.map().type(), best.map().owner(), best.map().field(), pattern(best), null);
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence.Sharing(sharingReason(best), best.threads()));
        if (best.writes() > 0) {
            evidence.add(new Evidence.Sharing("written while maprace read it: modCount +" + best.writes() + " in "
                    + best.writesMillis() + " ms", List.of()));
        }
        if (best.wrapped()) {
            evidence.add(new Evidence.Sharing("also held by a Collections.synchronized* wrapper: safe if every "
                    + "access goes through the wrapper", List.of()));
        }
        if (group.count() > 1) {
            evidence.add(new Evidence.Sharing(group.count() + " maps share this path; the largest holds "
                    + group.largest + " entries", List.of()));
        }
        return new Finding(id, FindingKind.SHARED_MAP, Severity.CANDIDATE, title, ref, List.of(), List.of(), evidence,
                Advice.sharedExplanation(kind, best.accessOrder()), Advice.sharedAdvice(kind));
    }

    /** {@code 12 entries}, {@code 400000 entries, 1200 of them read}, or {@code not read} for an unchecked map. */
    private static String entries(ScannedMap m) {
        if (m.notRead()) {
            return "not read: the scan stopped or the map went away first";
        }
        if (m.partlyRead() && m.entriesRead() > m.size()) {
            // written while it was read: more entries were met than its size said when the read began
            return m.size() + " entries when its read began, " + m.entriesRead() + " read";
        }
        return m.size() + " entries" + (m.partlyRead() ? ", " + m.entriesRead() + " of them read" : "");
    }

    private static String reachPhrase(ScannedMap m) {
        return m.threads().size() >= 2 ? "is reachable from " + m.threads().size() + " threads"
                : "is reachable from a static field";
    }

    private static String writesPhrase(ScannedMap m) {
        return m.writes() > 0 ? " and was written during the scan" : "";
    }

    private static String sharingReason(ScannedMap m) {
        if (m.root().startsWith("(")) {
            return "found by the heap walk, not reachable from static or thread fields";
        }
        if (m.threads().size() >= 2) {
            return "reachable from the fields of " + m.threads().size() + " threads: " + String.join(", ", m.threads());
        }
        if (m.root().startsWith("Thread[")) {
            return "reachable from the fields of one thread only";
        }
        return "reachable from the static field " + m.root();
    }
}
