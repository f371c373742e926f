package io.maprace.rules;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.findings.Evidence;

import java.util.List;

/**
 * A finding of a recording's rules before it has its place in the report: the analysis merges and ranks the
 * drafts of every rule, then numbers them ({@link #numbered}), so a {@link Finding} always has its id.
 */
public record FindingDraft(FindingKind kind, Severity severity, String title, MapRef map, List<String> sites,
                           List<ThreadRef> threads, List<Evidence> evidence, String explanation, String advice) {

    public FindingDraft {
        sites = List.copyOf(sites);
        threads = List.copyOf(threads);
        evidence = List.copyOf(evidence);
    }

    /** The same draft with another severity. */
    FindingDraft withSeverity(Severity s) {
        return new FindingDraft(kind, s, title, map, sites, threads, evidence, explanation, advice);
    }

    /** The finding, with its id in the report ({@code F1}, {@code F2}...). */
    public Finding numbered(String id) {
        return new Finding(id, kind, severity, title, map, sites, threads, evidence, explanation, advice);
    }
}
