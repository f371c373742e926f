package io.maprace.probe.target;

import java.lang.management.ManagementFactory;

/**
 * The CPU time maprace's own process has used: all its threads, the JIT's and the collector's included. A live
 * command runs on the target's host, so this time is taken from the target's threads when they keep the cores busy.
 */
public final class ToolCpu {

    private static final java.lang.management.OperatingSystemMXBean OS =
            ManagementFactory.getOperatingSystemMXBean();

    private ToolCpu() {
    }

    /** CPU nanoseconds used so far; -1 if the JVM cannot tell. */
    public static long nanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
