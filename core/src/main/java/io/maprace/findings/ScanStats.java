package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The counters of a heap scan and of what it cost the target.
 *
 * @param objectsRead objects whose fields the scan read
 * @param transientInconsistencies maps that looked damaged once and not when read again (a write in progress)
 * @param longestPauseMillis the longest time the scan held the target's threads (suspension or heap walk); 0 when
 *                           it only read fields
 * @param targetSafepointMillis time the target spent at safepoints while the scan ran, for any reason (GC
 *                              included), from its hsperfdata counters; null when unknown (remote target)
 * @param targetLongestSafepointMillis the longest single safepoint of the target while the scan ran (any cause)
 * @param cutBy why the scan stopped before its end: {@code limit}, {@code timeout}, {@code interrupted} (Ctrl-C,
 *              SIGTERM), {@code target-exited}; {@code none} when it ran to its end
 * @param sharedMaps maps reachable from several threads or from a static field (set by the judgement)
 * @param sharedMapGroups the shared maps grouped by path, as the findings group them
 * @param cutDuring how far the scan got when it was cut: {@code statics} (walking from static fields),
 *                  {@code threads} (from threads' fields), {@code heap-walk}, {@code confirming} (reading damaged
 *                  maps again); {@code none} when not cut
 * @param mapsPartlyRead maps whose check stopped before it had read every entry (the scan stopped inside them,
 *                       or they hold more than the per-map cap): what is said of them covers the entries read
 * @param mapsUnconfirmed maps that looked damaged on one read and could not be read again (the scan's time ran
 *                        out, it was stopped, the target exited): reported as {@code candidate} corrupted maps
 * @param targetAgentCpuMillis CPU time the target's JDWP agent threads spent answering the scan, measured from the
 *                             operating system (what the scan took from the target's own threads on a busy host);
 *                             null when unknown (a remote target, no {@code /proc})
 * @param budgetPercent with {@code --budget}: the share of the host's CPU the scan was paced to; null without
 * @param budgetCostMillis with {@code --budget}: the CPU the scan took from the host (maprace's process and the
 *                         target's JDWP agent)
 * @param budgetPausedMillis with {@code --budget}: how long the walk was held back to keep that pace
 */
public record ScanStats(int classes, int staticFields, int threads, long objectsRead, int mapsFound, int mapsChecked,
                        int mapsCorrupted, int transientInconsistencies, long jdwpRequests, long elapsedMillis,
                        double longestPauseMillis, int suspensions, Double targetSafepointMillis,
                        Long targetSafepoints, Double targetLongestSafepointMillis, String cutBy, boolean heapWalk,
                        long readErrors, long sharedMaps, int sharedMapGroups, String cutDuring, int mapsPartlyRead,
                        int mapsUnconfirmed, Double targetAgentCpuMillis,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double budgetPercent,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long budgetCostMillis,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long budgetPausedMillis)
        implements HeapScanStats {

    /**
     * The counters as a scan measures them, before they are judged: times rounded to a tenth of a millisecond,
     * -1 for what is unknown, null when the walk was not cut.
     */
    public static ScanStats measured(int classes, int staticFields, int threads, long objects, int maps,
                                     int mapsChecked, int corrupted, int transientIgnored, long requests,
                                     long elapsedMillis, double longestPauseMillis, int suspensions,
                                     double safepointMillis, long safepoints, double longestSafepointMillis,
                                     String cutBy, boolean heapWalk, long errors) {
        return new ScanStats(classes, staticFields, threads, objects, maps, mapsChecked, corrupted, transientIgnored,
                requests, elapsedMillis, tenth(longestPauseMillis), suspensions,
                safepointMillis < 0 ? null : tenth(safepointMillis), safepoints < 0 ? null : safepoints,
                longestSafepointMillis < 0 ? null : tenth(longestSafepointMillis), cutBy == null ? "none" : cutBy,
                heapWalk, errors, 0, 0, "none", 0, 0, null, null, null, null);
    }

    /** The same counters with where a cut scan stopped, and what it left partly read or unconfirmed. */
    public ScanStats withWalkEnd(String during, int partlyRead, int unconfirmed) {
        return new ScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                transientInconsistencies, jdwpRequests, elapsedMillis, longestPauseMillis, suspensions,
                targetSafepointMillis, targetSafepoints, targetLongestSafepointMillis, cutBy, heapWalk, readErrors,
                sharedMaps, sharedMapGroups, during == null ? "none" : during, partlyRead, unconfirmed,
                targetAgentCpuMillis, budgetPercent, budgetCostMillis, budgetPausedMillis);
    }

    /** The same counters with the CPU time the target's JDWP agent spent on the scan (null: unknown). */
    public ScanStats withAgentCpu(Double millis) {
        return new ScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                transientInconsistencies, jdwpRequests, elapsedMillis, longestPauseMillis, suspensions,
                targetSafepointMillis, targetSafepoints, targetLongestSafepointMillis, cutBy, heapWalk, readErrors,
                sharedMaps, sharedMapGroups, cutDuring, mapsPartlyRead, mapsUnconfirmed,
                millis == null ? null : tenth(millis), budgetPercent, budgetCostMillis, budgetPausedMillis);
    }

    /** The same counters with the pace a {@code --budget} scan kept: its share, its cost, its pauses. */
    public ScanStats withBudget(double percent, long costMillis, long pausedMillis) {
        return new ScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                transientInconsistencies, jdwpRequests, elapsedMillis, longestPauseMillis, suspensions,
                targetSafepointMillis, targetSafepoints, targetLongestSafepointMillis, cutBy, heapWalk, readErrors,
                sharedMaps, sharedMapGroups, cutDuring, mapsPartlyRead, mapsUnconfirmed, targetAgentCpuMillis,
                percent, costMillis, pausedMillis);
    }

    @Override
    public ScanStats withSharing(long shared, int groups) {
        return new ScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                transientInconsistencies, jdwpRequests, elapsedMillis, longestPauseMillis, suspensions,
                targetSafepointMillis, targetSafepoints, targetLongestSafepointMillis, cutBy, heapWalk, readErrors,
                shared, groups, cutDuring, mapsPartlyRead, mapsUnconfirmed, targetAgentCpuMillis, budgetPercent,
                budgetCostMillis, budgetPausedMillis);
    }

    private static double tenth(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.scan(this);
    }
}
