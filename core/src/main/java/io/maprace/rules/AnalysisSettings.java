package io.maprace.rules;

import java.time.Duration;

/**
 * Thresholds of the sample-based rules.
 *
 * @param defaultSamplingPeriod used until the source says which period it sampled at
 * @param stuckAfter how long a thread must stay in one map-internal method to count as stuck
 * @param stuckMinSamples how many consecutive samples that takes at least
 * @param minCoSampledPeriods sampling periods with two threads at one write site before it is reported
 * @param maxCandidates candidate findings kept (likely and proven ones are always kept)
 * @param includeJdkSites report write sites inside the JDK's own code too
 */
public record AnalysisSettings(Duration defaultSamplingPeriod, Duration stuckAfter, int stuckMinSamples,
                               int minCoSampledPeriods, int maxCandidates, boolean includeJdkSites) {

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(Duration.ofMillis(20), Duration.ofSeconds(3), 50, 3, 5, false);
    }

    public AnalysisSettings withStuckAfter(Duration d) {
        return new AnalysisSettings(defaultSamplingPeriod, d, stuckMinSamples, minCoSampledPeriods, maxCandidates,
                includeJdkSites);
    }

    public AnalysisSettings withMaxCandidates(int n) {
        return new AnalysisSettings(defaultSamplingPeriod, stuckAfter, stuckMinSamples, minCoSampledPeriods, n,
                includeJdkSites);
    }

    public AnalysisSettings withIncludeJdkSites(boolean b) {
        return new AnalysisSettings(defaultSamplingPeriod, stuckAfter, stuckMinSamples, minCoSampledPeriods,
                maxCandidates, b);
    }
}
