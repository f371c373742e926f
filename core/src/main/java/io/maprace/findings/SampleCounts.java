package io.maprace.findings;

/**
 * What the sample-based analysis counted, whatever fed it (a recording file or a live stream).
 *
 * @param lockedWriteSamples samples of map writes made under a lock, not counted as races
 * @param sitesThatLookedConfined write sites whose samples suggested one thread per map
 * @param sitesThatLookedLocked write sites dropped because every method of theirs was seen taking a lock (itself,
 *                              or each caller it was sampled writing from)
 */
public record SampleCounts(long executionSamples, int sampledThreads, long samplingPeriodMs, long lockWaits,
                           long allocationSamples, long exceptionEvents, long threadDumps, long lockedWriteSamples,
                           long sitesThatLookedConfined, long sitesThatLookedLocked) {
}
