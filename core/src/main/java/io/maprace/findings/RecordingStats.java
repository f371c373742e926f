package io.maprace.findings;

/**
 * The counters of an analysis of JFR recordings: what was read, what the analysis counted, and how long it took.
 *
 * @param bytes the recordings' size on disk
 * @param eventsRead events decoded (only the kinds the rules read)
 */
public record RecordingStats(int files, long bytes, int chunks, long eventsRead, long executionSamples,
                             int sampledThreads, long samplingPeriodMs, long lockWaits, long allocationSamples,
                             long exceptionEvents, long threadDumps, long lockedWriteSamples,
                             long sitesThatLookedConfined, long sitesThatLookedLocked, long analysisMillis) implements SourceStats {

    /** The recordings' counters with the analysis's, in the report's order. */
    public static RecordingStats of(int files, long bytes, int chunks, long eventsRead, SampleCounts c,
                                    long analysisMillis) {
        return new RecordingStats(files, bytes, chunks, eventsRead, c.executionSamples(), c.sampledThreads(),
                c.samplingPeriodMs(), c.lockWaits(), c.allocationSamples(), c.exceptionEvents(), c.threadDumps(),
                c.lockedWriteSamples(), c.sitesThatLookedConfined(), c.sitesThatLookedLocked(), analysisMillis);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.recording(this);
    }
}
