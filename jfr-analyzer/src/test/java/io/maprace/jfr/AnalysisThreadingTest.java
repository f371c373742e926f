package io.maprace.jfr;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.rules.AnalysisSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze} runs the rules on a thread of their own while the parser reads on: the reports must be those
 * of the single-threaded analysis, finding for finding (kinds, severities, sites, threads, evidence).
 */
class AnalysisThreadingTest {

    @TempDir
    static Path dir;
    private static final List<Path> recordings = new ArrayList<>();

    /** Records every sample at once, as a user records an application: settings=profile. */
    @BeforeAll
    static void record() throws Exception {
        recordings.addAll(SampleRecordings.recordShapes(dir,
                Files.isExecutable(SampleRecordings.JDK_25) ? List.of("factory-cache") : List.of()));
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
