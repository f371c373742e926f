package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The counters of a watch: what it saw, how long it watched, what it cost the target, and its verdict on every
 * watched map. Diagnostic counters appear in the JSON only when they are not 0; the times of the first proof and
 * of the last map proven only when there were proofs.
 *
 * @param maps watched maps with a verdict (grouped as findings are)
 * @param watchedFraction the fraction of the watch's time spent watching (it watches in windows within a budget)
 * @param heldMillis time the target's threads were held at writes to catch a second writer
 * @param classesSkippedBy classes of the target that could not be read, by reason
 * @param fields the fields watched, as {@code Owner#field}
 * @param integrityChecks integrity checks of the watched maps (when the watch armed and when it ended)
 * @param watchedBecause why each map was chosen, when a scan chose them (no {@code --map})
 * @param mapVerdicts one verdict per watched map, safe maps included
 * @param setupCpuMillis CPU time the setup took from the target's host before the watch armed (attach, ranking
 *                       scan, integrity check, arming): maprace's own process and the target's JDWP agent; charged
 *                       to the budget like the watch's events. Null when not measured
 * @param targetAgentCpuMillis CPU time the target's JDWP agent threads spent on maprace over the whole session,
 *                             measured from the operating system; null when unknown (remote target)
 */
public record WatchStats(
        int maps, long writes, long proofs, @JsonInclude(JsonInclude.Include.NON_NULL) Long firstProofMillis,
        long durationMillis, long setupMillis, double watchedFraction, double budgetPercent, double overheadPercent,
        long toolCpuMillis, @JsonInclude(JsonInclude.Include.NON_NULL) Long setupCpuMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long targetAgentCpuMillis, long rearmMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long allProvenAfterMillis,
        int threadsHit, int samplingWindows, long hits, long holds, long heldMillis, int sites, int classesScanned,
        long scanMillis, long eventMicrosMean,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long holdsExpired,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long holdsRefusedByBudget,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long readsThatDidNotWrite,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long otherInstances,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long receiversNotRecomputed,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long sitesDropped,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long fieldsDroppedAsThreadSafe,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long fieldsRestedAfterProof,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long classesSkipped,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long methodsNotAnalysed,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long readSitesDeferred,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long watchdogResumes,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long monitorWaits,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long monitorWaitsDropped,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> classesSkippedBy,
        List<String> fields, int integrityChecks,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> watchedBecause,
        List<MapVerdict> mapVerdicts) implements SourceStats {

    public WatchStats {
        classesSkippedBy = classesSkippedBy == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(classesSkippedBy));
        fields = fields == null ? List.of() : List.copyOf(fields);
        watchedBecause = watchedBecause == null ? List.of() : List.copyOf(watchedBecause);
        mapVerdicts = mapVerdicts == null ? List.of() : List.copyOf(mapVerdicts);
    }

    /** The same counters with the verdicts the judgement gave the watched maps. */
    public WatchStats withVerdicts(List<MapVerdict> verdicts) {
        return new WatchStats(verdicts.size(), writes, proofs, firstProofMillis, durationMillis, setupMillis,
                watchedFraction, budgetPercent, overheadPercent, toolCpuMillis, setupCpuMillis, targetAgentCpuMillis,
                rearmMillis, allProvenAfterMillis,
                threadsHit, samplingWindows, hits, holds, heldMillis, sites, classesScanned, scanMillis,
                eventMicrosMean, holdsExpired, holdsRefusedByBudget, readsThatDidNotWrite, otherInstances,
                receiversNotRecomputed, sitesDropped, fieldsDroppedAsThreadSafe, fieldsRestedAfterProof,
                classesSkipped, methodsNotAnalysed, readSitesDeferred, watchdogResumes, monitorWaits,
                monitorWaitsDropped, classesSkippedBy, fields, integrityChecks, watchedBecause, verdicts);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.watch(this);
    }
}
