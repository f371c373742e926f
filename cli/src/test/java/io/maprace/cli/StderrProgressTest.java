package io.maprace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class StderrProgressTest {

    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private StderrProgress progress(boolean terminal, boolean quiet) {
        return new StderrProgress("maprace scan", new PrintWriter(err, true), terminal, quiet, now::get);
    }

    @Test
    void linesOnlyOnceAPhaseHasLastedAWhile() {
        StderrProgress p = progress(false, false);
        p.phase("walking", 10);
        p.advance(3);
        assertEquals("", err.toString(), "short work prints nothing");
        now.addAndGet(StderrProgress.LINE_INTERVAL_NANOS);
        p.advance(5);
        p.advance(6);
        now.addAndGet(StderrProgress.LINE_INTERVAL_NANOS);
        p.advance(7);
        p.phase("confirming", -1);
        now.addAndGet(StderrProgress.LINE_INTERVAL_NANOS);
        p.advance(2);
        p.close();
        assertEquals(String.join(System.lineSeparator(), "maprace scan: walking: 5 of 10",
                "maprace scan: walking: 7 of 10", "maprace scan: confirming: 2", ""), err.toString());
    }

    @Test
    void quietKeepsOnlyTheNotesOnTheTarget() {
        StderrProgress p = progress(true, true);
        p.phase("walking", 10);
        now.addAndGet(StderrProgress.LINE_INTERVAL_NANOS);
        p.advance(5);
        p.status("attached to pid 12");
        p.note("starting the dormant JDWP agent of pid 12");
        p.close();
        assertEquals("maprace scan: starting the dormant JDWP agent of pid 12" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void statusLinesWhenNotQuiet() {
        StderrProgress p = progress(false, false);
        p.status("attached to pid 12");
        assertEquals("maprace scan: attached to pid 12" + System.lineSeparator(), err.toString());
    }

    @Test
    void aTerminalGetsABarOnTheSameWriter() {
        StderrProgress p = progress(true, false);
        p.phase("walking", 10);
        p.advance(4);
        p.close();
        p.status("done");
        String out = err.toString();
        assertTrue(out.startsWith("\rwalking"), out.replace("\r", "<CR>").replace("\n", "<LF>"));
        // Closed full, on its own line, before the next line.
        assertTrue(out.contains("100%"), out);
        assertTrue(out.endsWith(System.lineSeparator() + "maprace scan: done" + System.lineSeparator()), out.replace("\r", "<CR>").replace("\n", "<LF>"));
    }

    @Test
    void aRecordingIsReadInSecondsOfItsSpan() {
        StderrProgress p = progress(false, false);
        RecordingProgress r = new RecordingProgress(p);
        Instant from = Instant.parse("2024-05-02T10:00:00Z");
        r.recording("/var/tmp/app.jfr", from, from.plusSeconds(60));
        now.addAndGet(StderrProgress.LINE_INTERVAL_NANOS);
        r.at(from.plusSeconds(30));
        // Concatenated recordings may overlap: progress never steps back.
        now.addAndGet(StderrProgress.LINE_INTERVAL_NANOS);
        r.at(from.plusSeconds(10));
        r.done();
        assertEquals(String.join(System.lineSeparator(),
                "maprace scan: reading app.jfr (seconds of recording): 30 of 60",
                "maprace scan: reading app.jfr (seconds of recording): 30 of 60", ""), err.toString());
    }
}
