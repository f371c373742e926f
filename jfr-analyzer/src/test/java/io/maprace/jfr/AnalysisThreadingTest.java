package io.maprace.jfr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.rules.AnalysisSettings;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze} runs the rules on a thread of their own while the parser reads on: the reports must be those
 * of the single-threaded analysis, finding for finding (kinds, severities, sites, threads, evidence).
 */
class AnalysisThreadingTest {

    /** Race shapes with and without a lock, a thread stuck in a corrupted bin, and a clean twin. */
    private static final List<String> SAMPLES = List.of("factory-cache", "read-locked-lru", "spinning-tree-bin",
            "in-progress-set-fixed");
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    static Path dir;
    private static final List<Path> recordings = new ArrayList<>();

    /** Records every sample at once, as a user records an application: settings=profile. */
    @BeforeAll
    static void record() throws Exception {
        Map<Path, Process> running = new LinkedHashMap<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String name : SAMPLES) {
            Path rec = dir.resolve(name + ".jfr");
            running.put(rec, start(java, Catalog.require(name), rec));
        }
        if (Files.isExecutable(JDK_25)) {
            Path rec = dir.resolve("factory-cache-jdk25.jfr");
            running.put(rec, start(JDK_25.toString(), Catalog.require("factory-cache"), rec));
        }
        for (Map.Entry<Path, Process> r : running.entrySet()) {
            assertTrue(r.getValue().waitFor(90, TimeUnit.SECONDS), "recording " + r.getKey() + " did not end");
            assertEquals(0, r.getValue().exitValue(), "recording " + r.getKey());
            recordings.add(r.getKey());
        }
    }

    private static Process start(String java, Catalog.Sample sample, Path rec) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(sample.jvmFlags());
        cmd.addAll(List.of("-XX:StartFlightRecording:settings=profile,filename=" + rec, "-cp",
                System.getProperty("java.class.path"), sample.mainClass(), "--seconds", "4", "--threads", "2"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void eachRecordingGivesTheSameReportEitherWay() throws Exception {
        for (Path rec : recordings) {
            JsonNode single = report(List.of(rec), false);
            assertTrue(single.get("source").get("stats").get("executionSamples").asLong() > 0, rec.toString());
            assertEquals(single, report(List.of(rec), true), rec.getFileName().toString());
        }
    }

    @Test
    void severalRecordingsInOneAnalysisGiveTheSameReportEitherWay() throws Exception {
        assertEquals(report(recordings, false), report(recordings, true));
    }

    private static JsonNode report(List<Path> files, boolean threaded) throws Exception {
        Report report = new RecordingAnalyzer(AnalysisSettings.defaults(), null, AnalysisProgress.NONE, "test",
                threaded, ReaderKind.LEAN).analyze(files);
        JsonNode json = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(report));
        // The one thing allowed to differ: how long it took.
        ((ObjectNode) json.get("source").get("stats")).remove("analysisMillis");
        return json;
    }
}
