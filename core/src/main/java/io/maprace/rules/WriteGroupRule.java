package io.maprace.rules;

import io.maprace.events.ObservedEvent;
import io.maprace.findings.FindingKind;

import java.util.List;

/**
 * A rule over the shared {@link WriteGroups}: it sees no event itself (the groups do, once for all three
 * rules), and reports the ranked groups of its kind, with its own texts.
 */
abstract class WriteGroupRule implements Rule {

    private final WriteGroups groups;
    private final FindingKind kind;

    WriteGroupRule(WriteGroups groups, FindingKind kind) {
        this.groups = groups;
        this.kind = kind;
    }

    @Override
    public final void accept(ObservedEvent event) {
        // The shared groups are fed once by the analysis.
    }

    @Override
    public final List<FindingDraft> findings(Corroboration corroboration) {
        return groups.ranked(corroboration).stream().filter(g -> g.kind() == kind).map(this::finding).toList();
    }

    /** The finding of one of its groups. */
    abstract FindingDraft finding(RankedGroup g);
}
