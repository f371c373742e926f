package io.maprace.cli;

import io.maprace.probe.target.JdwpStatus;
import io.maprace.probe.target.JfrStatus;
import io.maprace.probe.target.JvmDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code ps} says works now and what a restart with the JDWP flag would add. */
class PsRowTest {

    private static JvmDescriptor jvm(String vmArgs, String listener, JfrStatus jfr) {
        return new JvmDescriptor(42, "com.foo.Main", "17.0.15", 17, "app", JdwpStatus.of(vmArgs, listener, 17), jfr,
                null);
    }

    @Test
    void aJvmWithoutJdwpCanBeCheckedForStuckThreadsAndWatchedThroughJfrNow() {
        PsCommand.Row r = PsCommand.row(jvm("-Xmx1g", null, JfrStatus.fromCheck("No available recordings.")));
        assertEquals(List.of("stuck", "watch (JFR)", "scan --heap-dump", "analyze (JFR)"), r.commands());
        assertEquals(List.of("scan (live)", "watch (JDWP)"), r.afterRestart());
        assertTrue(r.advice().contains("Works now, without a restart: stuck") && r.advice().contains("watch (a flight"),
                r.advice());
        assertTrue(r.advice().contains(JdwpStatus.flagFor(17)), r.advice());
    }

    @Test
    void aJvmWithJdwpCanDoEverythingNow() {
        PsCommand.Row r = PsCommand.row(jvm("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0",
                "dt_socket:5005", JfrStatus.fromCheck("No available recordings.")));
        assertEquals(List.of("stuck", "watch (JFR)", "scan", "watch (JDWP)", "watch --evidence both", "analyze (JFR)"),
                r.commands());
        assertEquals(List.of(), r.afterRestart());
    }

    @Test
    void aJvmWithJfrDisabledHasNoRecordingWatch() {
        PsCommand.Row r = PsCommand.row(jvm("-XX:-FlightRecorder", null,
                JfrStatus.fromCheck("Flight Recorder is disabled.")));
        assertEquals("disabled", r.jfr());
        assertEquals(List.of("stuck", "scan --heap-dump", "analyze (JFR)"), r.commands());
        assertTrue(r.advice().contains("JFR is disabled"), r.advice());
    }
}
