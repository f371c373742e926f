package io.maprace.rules;

import io.maprace.findings.Advice;
import io.maprace.findings.FindingKind;

/**
 * Writes through calls that look like reads ({@code get} on an access-ordered {@code LinkedHashMap},
 * {@code WeakHashMap} reads that expunge), and map calls under a shared read lock that only look like reads:
 * {@code hidden-write}.
 */
final class HiddenWriteRule extends WriteGroupRule {

    HiddenWriteRule(WriteGroups groups) {
        super(groups, FindingKind.HIDDEN_WRITE);
    }

    @Override
    FindingDraft finding(RankedGroup g) {
        return g.finding("written by read-looking calls", Advice.hiddenWriteExplanation(g.group().family()),
                Advice.forFamily(g.group().family()));
    }
}
