package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maprace analyze} as a user runs it: exit codes, one-line errors, the JSON contract. */
class AnalyzeCommandTest {

    @TempDir
    static Path dir;
    static Path recording;

    /** A small recording made in this JVM, with execution samples, while threads write maps. */
    @BeforeAll
    static void record() throws Exception {
        recording = dir.resolve("in-process.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1));
            r.start();
            busy(1500);
            r.stop();
            r.dump(recording);
        }
    }

    static void busy(long millis) throws InterruptedException {
        Thread[] ts = new Thread[2];
        long end = System.currentTimeMillis() + millis;
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                Map<Integer, Integer> m = new HashMap<>();
                int k = 0;
                while (System.currentTimeMillis() < end) {
                    m.put(k++ % 10_000, k);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    private static void assertOneLineError(CliRun run, int code, String fragment) {
        assertEquals(code, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("maprace analyze: "), run.err());
        assertTrue(run.err().contains(fragment), run.err());
        assertFalse(run.err().contains("Exception"), "no stack trace: " + run.err());
    }

    @Test
    void jsonReportHasTheStableShape() throws Exception {
        CliRun run = CliRun.of("analyze", "-q", "--format", "json", recording.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode r = ReportJson.mapper().readTree(run.out());
        assertEquals("maprace-report/1", r.get("schema").asText());
        assertEquals("recording", r.get("source").get("kind").asText());
        assertTrue(r.get("source").get("stats").get("executionSamples").asInt() > 0);
        assertTrue(r.get("findings").isArray());
        assertTrue(r.get("graph").has("threads") && r.get("graph").has("edges") && r.get("graph").has("cycles"));
        assertTrue(r.get("warnings").isArray());
    }

    @Test
    void everyFormatRendersAndOutputGoesToTheFile() throws Exception {
        for (String format : new String[]{"text", "dot", "html"}) {
            Path out = dir.resolve("report." + format);
            CliRun run = CliRun.of("analyze", "-q", "--format", format, "-o", out.toString(), recording.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().isEmpty(), "the report went to the file, not stdout");
        }
        assertTrue(Files.readString(dir.resolve("report.text")).startsWith("maprace: analysis of a JFR recording"));
        assertTrue(Files.readString(dir.resolve("report.dot")).contains("digraph"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<html") && html.contains("</html>"), "a whole page");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing loaded at view time");
    }

    @Test
    void missingFile() {
        assertOneLineError(CliRun.of("analyze", dir.resolve("nope.jfr").toString()), 3, "nope.jfr");
    }

    @Test
    void notARecording() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "hello, this is text\n");
        assertOneLineError(CliRun.of("analyze", text.toString()), 5, "not a JFR recording");
    }

    @Test
    void emptyRecording() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertOneLineError(CliRun.of("analyze", empty.toString()), 6, "empty");
    }

    @Test
    void truncatedRecordingIsAnalyzedUpToTheCut() throws Exception {
        // A JVM's recording of a few seconds (flushed every second), cut like a copy taken while it was written.
        Path longer = dir.resolve("longer.jfr");
        SampleLauncher.currentJvm().record(io.maprace.samples.Catalog.require("factory-cache"), 4, 2, longer,
                line -> { });
        byte[] all = Files.readAllBytes(longer);
        Path cut = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(all, all.length * 9 / 10));
        CliRun run = CliRun.of("analyze", "-q", "--format", "json", cut.toString());
        assertEquals(7, run.exitCode(), run.err());
        JsonNode r = ReportJson.mapper().readTree(run.out());
        assertTrue(r.has("warnings") && r.get("warnings").size() > 0, run.out());
        assertEquals("recording-truncated", r.get("warnings").get(0).get("code").asText());
        assertTrue(r.get("source").get("stats").get("executionSamples").asInt() > 0, "events before the cut");
        assertTrue(run.err().contains("cut at byte"), run.err());
    }

    @Test
    void flippedBytesEndInBoundedTimeWithoutAStackTrace() throws Exception {
        byte[] all = Files.readAllBytes(recording);
        for (int at : new int[]{70, all.length / 3, all.length / 2, all.length - 200}) {
            byte[] bad = all.clone();
            for (int i = at; i < Math.min(bad.length, at + 8); i++) {
                bad[i] = (byte) ~bad[i];
            }
            Path p = Files.write(dir.resolve("flipped-" + at + ".jfr"), bad);
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> CliRun.of("analyze", "-q", "--timeout", "20s", "--format", "json", p.toString()));
            // 10: the damage hid every execution sample, and the report says what it could not see
            assertTrue(java.util.Set.of(0, 7, 8, 9, 10).contains(run.exitCode()), "exit " + run.exitCode() + ": "
                    + run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    }

    @Test
    void recordingWithoutExecutionSamplesSaysWhichSettingsToUse() throws Exception {
        Path noSamples = dir.resolve("no-samples.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1));
            r.start();
            busy(300);
            r.stop();
            r.dump(noSamples);
        }
        CliRun run = CliRun.of("analyze", "-q", noSamples.toString());
        assertEquals(10, run.exitCode(), run.err());
        assertTrue(run.err().contains("settings=profile"), run.err());
    }

    @Test
    void concurrentModificationFromInsideAMapIsReported() throws Exception {
        Path rec = dir.resolve("cme.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.JavaExceptionThrow").withStackTrace();
            r.start();
            Map<String, Integer> m = new HashMap<>(Map.of("a", 1, "b", 2, "c", 3));
            try {
                for (String k : m.keySet()) {
                    m.put(k + "x", 0);
                }
            } catch (java.util.ConcurrentModificationException expected) {
                // the event under test
            }
            r.stop();
            r.dump(rec);
        }
        CliRun run = CliRun.of("analyze", "-q", "--format", "json", rec.toString());
        JsonNode r = ReportJson.mapper().readTree(run.out());
        JsonNode f = r.get("findings").get(0);
        assertEquals("map-exception", f.get("kind").asText(), r.toString());
        assertEquals("candidate", f.get("severity").asText(), "a CME alone does not say which thread modified");
        assertTrue(f.get("sites").get(0).asText().startsWith(getClass().getName()
                + ".concurrentModificationFromInsideAMapIsReported("), f.get("sites").toString());
    }

    @Test
    void threadDumpsAloneShowThreadsStuckInAMap() throws Exception {
        // Only thread dumps, every second: no execution samples to look closer with.
        Path jfc = Files.writeString(dir.resolve("dumps-only.jfc"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="dumps only">
                  <event name="jdk.ThreadDump"><setting name="enabled">true</setting>\
                <setting name="period">1 s</setting></event>
                </configuration>
                """);
        Path rec = dir.resolve("dumps.jfr");
        io.maprace.samples.Catalog.Sample spinner = io.maprace.samples.Catalog.require("cyclic-bin");
        SampleLauncher.currentJvm().record(spinner, 4, 1, rec, "settings=" + jfc, line -> { });
        CliRun run = CliRun.of("analyze", "-q", "--format", "json", rec.toString());
        assertEquals(10, run.exitCode(), "no execution samples: " + run.err());
        JsonNode r = ReportJson.mapper().readTree(run.out());
        JsonNode f = r.get("findings").get(0);
        assertEquals("stuck-in-map", f.get("kind").asText(), r.get("findings").toString());
        assertEquals("candidate", f.get("severity").asText());
        assertEquals("thread-dump", f.get("evidence").get(0).get("type").asText());
        assertTrue(f.get("sites").get(0).asText().contains("CyclicBin.lookup"), f.get("sites").toString());
    }

    @Test
    void usageErrorsAndHelp() {
        CliRun none = CliRun.of("analyze");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--help"), none.err());
        CliRun help = CliRun.of("analyze", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("settings=profile") && help.out().contains("Examples"), help.out());
        CliRun badFormat = CliRun.of("analyze", "--format", "xml", recording.toString());
        assertEquals(2, badFormat.exitCode());
    }
}
