package io.maprace.probe.target;

import java.time.Duration;
import java.util.Optional;

/**
 * Diagnostic commands of a local JVM through the Attach API (what {@code jcmd} runs), for work that needs no JDWP
 * agent ({@code GC.heap_dump}), and its hsperfdata counters (heap use, safepoint time), which cost it nothing.
 */
public final class DiagnosticCommand {

    private DiagnosticCommand() {
    }

    /**
     * Runs {@code command} ({@code GC.heap_dump /tmp/x.hprof}) in JVM {@code pid} and returns its output.
     *
     * @throws io.maprace.error.MapraceException ATTACH_FAILED, PERMISSION_DENIED or TARGET_EXITED
     */
    public static String run(long pid, String command, Duration timeout) {
        return AttachApi.jcmd(pid, command, timeout);
    }

    /** The JVM's hsperfdata counters now, when it publishes them. */
    public static Optional<HsPerfData> perfData(long pid) {
        return ProcFs.hsperfFile(pid).flatMap(HsPerfData::read);
    }
}
