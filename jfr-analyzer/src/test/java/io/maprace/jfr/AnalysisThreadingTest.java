package io.maprace.jfr;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.rules.AnalysisSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @TempDir
    static Path dir;
    private static final List<Path> recordings = new ArrayList<>();

    /** Records every sample at once, as a user records an application: settings=profile. */
    @BeforeAll
    static void record() throws Exception {
        Map<Path, Process> running = new LinkedHashMap<>();
        for (String name : SAMPLES) {
            Path rec = dir.resolve(name + ".jfr");
            running.put(rec, SampleRecordings.start(SampleRecordings.JAVA, name, rec, 4));
        }
        if (Files.isExecutable(SampleRecordings.JDK_25)) {
            Path rec = dir.resolve("factory-cache-jdk25.jfr");
            running.put(rec, SampleRecordings.start(SampleRecordings.JDK_25.toString(), "factory-cache", rec, 4));
        }
        recordings.addAll(SampleRecordings.await(running));
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
        return SampleRecordings.json(new RecordingAnalyzer(AnalysisSettings.defaults(), null, AnalysisProgress.NONE,
                "test", threaded, ReaderKind.LEAN).analyze(files));
    }
}
