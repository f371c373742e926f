package io.maprace.rules;

import io.maprace.findings.Evidence;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A write group kept for the report, with how it ranks.
 *
 * @param signs       signs of corruption at its methods (from other rules)
 * @param sharedLocks methods of the group that write inside a shared lock: reported whatever the co-sampling,
 *                    since the lock itself shows that several threads run them at once
 * @param severity    by the {@link SeverityPolicy}
 * @param kinds       the kinds of evidence it has, as the policy counts them
 * @param lockSeen    a method of the group seen at a lock, and what showed it: it keeps the group a candidate
 * @param more        evidence beyond the group's pairs and sites (write activity, table resizes)
 */
record RankedGroup(WriteGroup group, int periods, Set<String> signs, List<Evidence.SharedLockSeen> sharedLocks,
                   Severity severity, Set<SeverityPolicy.Kind> kinds, Optional<String> lockSeen,
                   List<Evidence> more) {

    FindingKind kind() {
        return group.kind(sharedLocks);
    }

    /**
     * Its finding, from the texts its rule chose; a shared read lock and signs of corruption add to them alike
     * for every kind.
     */
    FindingDraft finding(String verb, String explanation, String advice) {
        FindingKind kind = kind();
        if (!sharedLocks.isEmpty()) {
            verb = "written inside a shared read lock";
            explanation = io.maprace.findings.Advice.sharedLockExplanation(group.family(),
                    sharedLocks.get(0).lockClass()) + " " + explanation;
        }
        if (!signs.isEmpty() && kind != FindingKind.CONCURRENT_WRITERS) {
            explanation += " The same site also shows signs of a corrupted map: " + String.join("; ", signs) + ".";
        }
        if (signs.isEmpty() && sharedLocks.isEmpty()) {
            List<String> labels = kinds.stream().map(SeverityPolicy.Kind::label).toList();
            explanation += " " + (severity == Severity.LIKELY
                    ? io.maprace.findings.Advice.agreementExplanation(labels)
                    : io.maprace.findings.Advice.candidateExplanation(labels, lockSeen));
        }
        return group.finding(kind, severity, verb, explanation, advice, sharedLocks, more);
    }
}
