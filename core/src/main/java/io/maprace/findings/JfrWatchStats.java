package io.maprace.findings;

/**
 * The counters of a watch through a flight recording started in the target: the recording's name, how the
 * watch ended, then what the analysis of the streamed events counted (the same counters as a recording's).
 *
 * @param ended {@code duration}, {@code interrupted}, {@code target-exited}, {@code recording-lost}, or with
 *              breakpoints beside it ({@code --evidence both --stop-on-proof}) {@code stop-on-proof}
 */
public record JfrWatchStats(String recording, String ended, long durationMillis, long eventsRead,
                            long executionSamples, int sampledThreads, long samplingPeriodMs, long lockWaits,
                            long allocationSamples, long exceptionEvents, long threadDumps, long lockedWriteSamples,
                            long sitesThatLookedConfined, long sitesThatLookedLocked) implements SourceStats {

    public static JfrWatchStats of(String recording, String ended, long durationMillis, long eventsRead,
                                   SampleCounts c) {
        return new JfrWatchStats(recording, ended, durationMillis, eventsRead, c.executionSamples(),
                c.sampledThreads(), c.samplingPeriodMs(), c.lockWaits(), c.allocationSamples(), c.exceptionEvents(),
                c.threadDumps(), c.lockedWriteSamples(), c.sitesThatLookedConfined(), c.sitesThatLookedLocked());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.jfrWatch(this);
    }
}
