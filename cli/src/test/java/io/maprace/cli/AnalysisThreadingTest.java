package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.jfr.AnalysisProgress;
import io.maprace.jfr.RecordingAnalyzer;
import io.maprace.rules.AnalysisSettings;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code analyze} runs the rules on a thread of their own while the parser reads on: the reports must be those
 * of the single-threaded analysis, finding for finding (kinds, severities, sites, threads, evidence).
 */
class AnalysisThreadingTest {

    /** Race shapes with and without a lock, a thread stuck in a corrupted bin, and a clean twin. */
    private static final List<String> SAMPLES = List.of("factory-cache", "read-locked-lru", "spinning-tree-bin",
            "in-progress-set-fixed");

    @TempDir
    static Path dir;
    private static final List<Path> recordings = new ArrayList<>();

    @BeforeAll
    static void record() {
        for (String name : SAMPLES) {
            Path rec = dir.resolve(name + ".jfr");
            SampleLauncher.currentJvm().record(Catalog.require(name), 5, 2, rec, line -> { });
            recordings.add(rec);
        }
    }

    @Test
    void eachRecordingGivesTheSameReportEitherWay() throws Exception {
        for (Path rec : recordings) {
            JsonNode single = report(List.of(rec), false);
            assertEquals(single, report(List.of(rec), true), rec.getFileName().toString());
        }
    }

    @Test
    void severalRecordingsInOneAnalysisGiveTheSameReportEitherWay() throws Exception {
        JsonNode single = report(recordings, false);
        assertFalse(single.get("findings").isEmpty(), "the racy samples were found: " + single);
        assertEquals(single, report(recordings, true));
    }

    @Test
    void aJdk25RecordingGivesTheSameReportEitherWay() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(java25), "no JDK 25 on this machine");
        Path rec = dir.resolve("factory-cache-25.jfr");
        new SampleLauncher(java25.toString()).record(Catalog.require("factory-cache"), 5, 2, rec, line -> { });
        assertEquals(report(List.of(rec), false), report(List.of(rec), true));
    }

    private static JsonNode report(List<Path> files, boolean threaded) throws Exception {
        Report report = new RecordingAnalyzer(AnalysisSettings.defaults(), null, AnalysisProgress.NONE, "test",
                threaded).analyze(files);
        JsonNode json = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(report));
        // The one thing allowed to differ: how long it took.
        ((ObjectNode) json.get("source").get("stats")).remove("analysisMillis");
        return json;
    }
}
