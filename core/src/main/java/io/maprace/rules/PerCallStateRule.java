package io.maprace.rules;

import io.maprace.findings.Advice;
import io.maprace.findings.FindingKind;

/**
 * A set that one method adds to and removes from, run by several threads, and not made per call: "in progress"
 * markers in a shared set, {@code per-call-state}.
 */
final class PerCallStateRule extends WriteGroupRule {

    PerCallStateRule(WriteGroups groups) {
        super(groups, FindingKind.PER_CALL_STATE);
    }

    @Override
    FindingDraft finding(RankedGroup g) {
        return g.finding("used as per-call state", Advice.perCallStateExplanation(), Advice.perCallStateAdvice());
    }
}
