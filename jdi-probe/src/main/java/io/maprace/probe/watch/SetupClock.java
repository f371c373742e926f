package io.maprace.probe.watch;

import io.maprace.probe.target.ToolCpu;

/**
 * Where a live command's setup started, in wall time and in the tool's own CPU time: on the target's host the
 * tool's CPU (its JVM starting, JDI, the ranking scan) is taken from the target's threads, so the watch states
 * and charges the setup from here, not from the moment its breakpoints go on.
 */
public record SetupClock(long startedNanos, long toolCpuNanos) {

    /** Now. */
    public static SetupClock now() {
        return new SetupClock(System.nanoTime(), ToolCpu.nanos());
    }
}
