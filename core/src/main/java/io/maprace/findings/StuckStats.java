package io.maprace.findings;

/**
 * The counters of {@code maprace stuck}: a burst of thread dumps taken through the Attach API.
 *
 * @param cpuTimes whether the dumps carried each thread's CPU time ({@code cpu=}, HotSpot)
 * @param busyThreads threads in map code in every dump that progressed, so not reported
 */
public record StuckStats(int dumps, long intervalMillis, boolean cpuTimes, int stuckThreads, int busyThreads,
                         long durationMillis) implements SourceStats {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.stuck(this);
    }
}
