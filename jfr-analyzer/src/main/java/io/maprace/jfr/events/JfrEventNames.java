package io.maprace.jfr.events;

import java.util.List;

/** The JFR events the analysis reads. Everything else in a recording is skipped by the parser. */
public final class JfrEventNames {

    public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    public static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    public static final String MONITOR_WAIT = "jdk.JavaMonitorWait";
    public static final String THREAD_PARK = "jdk.ThreadPark";
    public static final String EXCEPTION_THROW = "jdk.JavaExceptionThrow";
    public static final String ERROR_THROW = "jdk.JavaErrorThrow";
    public static final String THREAD_DUMP = "jdk.ThreadDump";
    public static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    public static final String ALLOCATION_NEW_TLAB = "jdk.ObjectAllocationInNewTLAB";
    public static final String ALLOCATION_OUTSIDE_TLAB = "jdk.ObjectAllocationOutsideTLAB";
    public static final String ACTIVE_SETTING = "jdk.ActiveSetting";

    public static final List<String> ALL = List.of(EXECUTION_SAMPLE, MONITOR_ENTER, MONITOR_WAIT, THREAD_PARK,
            EXCEPTION_THROW, ERROR_THROW, THREAD_DUMP, ALLOCATION_SAMPLE, ALLOCATION_NEW_TLAB,
            ALLOCATION_OUTSIDE_TLAB, ACTIVE_SETTING);

    private JfrEventNames() {
    }
}
