package io.maprace.attach.stuck;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.time.Duration;

/**
 * How {@code maprace stuck} samples the target.
 *
 * @param dumps thread dumps in the burst (at least 2: CPU use is the difference between two)
 * @param interval time between two dumps
 * @param minCpuShare the share of one core a thread must use over the burst to count as spinning
 * @param timeout how long one dump may take to come back
 */
public record StuckOptions(int dumps, Duration interval, double minCpuShare, Duration timeout) {

    public static final int DEFAULT_DUMPS = 4;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(400);
    /**
     * A spinning thread uses a whole core when it gets one; on a host whose cores are all busy it gets only its
     * share of them (4% was measured here, at a load of 27 on 2 cores), so the bar is low: it only tells a
     * thread that runs from one that waits while its state says RUNNABLE (native I/O under a key's equals),
     * which uses next to none. Its stack not moving is the main evidence.
     */
    public static final double DEFAULT_MIN_CPU_SHARE = 0.01;

    public StuckOptions {
        if (dumps < 2 || dumps > 100) {
            throw new MapraceException(Problem.USAGE, "--dumps must be between 2 and 100: " + dumps);
        }
        if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new MapraceException(Problem.USAGE, "--interval must be between 1ms and 1m: " + interval.toMillis()
                    + "ms");
        }
    }

    public static StuckOptions defaults() {
        return new StuckOptions(DEFAULT_DUMPS, DEFAULT_INTERVAL, DEFAULT_MIN_CPU_SHARE, Duration.ofSeconds(10));
    }
}
