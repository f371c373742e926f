package io.maprace.rules;

import io.maprace.findings.Advice;
import io.maprace.findings.FindingKind;

/**
 * Write sites executed by two or more threads in the same sampling period, with no lock between the site and
 * the map: {@code concurrent-writers}, a candidate, likely when the same methods show corruption.
 */
final class ConcurrentWritersRule extends WriteGroupRule {

    ConcurrentWritersRule(WriteGroups groups) {
        super(groups, FindingKind.CONCURRENT_WRITERS);
    }

    @Override
    FindingDraft finding(RankedGroup g) {
        String advice = Advice.forFamily(g.group().family());
        if (!g.sharedLocks().isEmpty()) {
            advice = Advice.sharedLockAdvice() + " " + advice;
        }
        return g.finding("written", Advice.concurrentWritersExplanation(g.group().family(), !g.signs().isEmpty()),
                advice);
    }
}
