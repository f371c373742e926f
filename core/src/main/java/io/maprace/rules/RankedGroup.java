package io.maprace.rules;

import io.maprace.findings.Evidence;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;

import java.util.List;
import java.util.Set;

/**
 * A write group kept for the report, with how it ranks.
 *
 * @param signs       signs of corruption at its methods (from other rules)
 * @param sharedLocks methods of the group that write inside a shared lock: reported whatever the co-sampling,
 *                    since the lock itself shows that several threads run them at once
 */
record RankedGroup(WriteGroup group, int periods, Set<String> signs, List<Evidence.SharedLockSeen> sharedLocks) {

    Severity severity() {
        if (!signs.isEmpty()) {
            return Severity.LIKELY;
        }
        // A LinkedHashMap.get under a read lock writes only if the map is access-ordered, which the
        // samples did not show: a candidate. A confirmed write under a shared lock is likely.
        return !sharedLocks.isEmpty() && group.writesUnder(sharedLocks) ? Severity.LIKELY : Severity.CANDIDATE;
    }

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
        return group.finding(kind, severity(), verb, explanation, advice, sharedLocks);
    }
}
