package io.maprace.jfr;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.rules.AnalysisSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lean reader and the JDK's parser give the same report, finding for finding and count for count, on
 * recordings of the samples made by JDK 17 and by JDK 25, on one file and several, and on a file of many chunks.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReaderComparisonTest {

    @TempDir
    static Path dir;
    private static final List<Path> recordings = new ArrayList<>();

    @BeforeAll
    static void record() throws Exception {
        recordings.addAll(SampleRecordings.recordShapes(dir, List.of("factory-cache", "spinning-tree-bin")));
    }

    @Test
    void eachRecordingGivesTheSameReportWithEitherReader() throws Exception {
        for (Path rec : recordings) {
            JsonNode jdk = report(List.of(rec), ReaderKind.JDK);
            assertTrue(jdk.get("source").get("stats").get("eventsRead").asLong() > 0, rec.toString());
            assertEquals(jdk, report(List.of(rec), ReaderKind.LEAN), rec.getFileName().toString());
        }
    }

    @Test
    void severalRecordingsInOneAnalysisGiveTheSameReport() throws Exception {
        assertEquals(report(recordings, ReaderKind.JDK), report(recordings, ReaderKind.LEAN));
    }

    /**
     * Copies of one recording, concatenated, are one file of many chunks (as the benchmark builds), read in
     * parallel where cores allow.
     */
    @Test
    void aFileOfManyChunksGivesTheSameReport() throws Exception {
        for (Path rec : List.of(recordings.get(0), recordings.get(recordings.size() - 1))) {
            Path joined = dir.resolve("joined-" + rec.getFileName());
            for (int i = 0; i < 4; i++) {
                Files.write(joined, Files.readAllBytes(rec), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            JsonNode jdk = report(List.of(joined), ReaderKind.JDK);
            assertTrue(jdk.get("source").get("stats").get("chunks").asInt() >= 4);
            assertEquals(4 * report(List.of(rec), ReaderKind.JDK).get("source").get("stats").get("eventsRead").asLong(),
                    jdk.get("source").get("stats").get("eventsRead").asLong(), "the JDK's parser read every copy");
            assertEquals(jdk, report(List.of(joined), ReaderKind.LEAN), joined.getFileName().toString());
            // Chunks decoded on three threads at once still reach the rules one after the other, in file order.
            assertEquals(jdk, SampleRecordings.json(new RecordingAnalyzer(AnalysisSettings.defaults(), null,
                    AnalysisProgress.NONE, "test", true, ReaderKind.LEAN, 3).analyze(List.of(joined))));
        }
    }

    /**
     * Recordings of different JVMs concatenated: the JDK's parser (17 and 25) carries a chunk's metadata over to
     * the next chunk and stops without an error at the first chunk of another JVM; the lean reader reads every
     * chunk by its own metadata, so it reads all of them.
     */
    @Test
    void recordingsOfSeveralJvmsInOneFileAreAllRead() throws Exception {
        Path joined = dir.resolve("several-jvms.jfr");
        long expected = 0;
        for (Path rec : recordings) {
            Files.write(joined, Files.readAllBytes(rec), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            expected += report(List.of(rec), ReaderKind.LEAN).get("source").get("stats").get("eventsRead").asLong();
        }
        JsonNode lean = report(List.of(joined), ReaderKind.LEAN);
        assertEquals(expected, lean.get("source").get("stats").get("eventsRead").asLong());
        assertEquals(0, lean.get("warnings").size(), lean.get("warnings").toString());
        long jdkEvents = report(List.of(joined), ReaderKind.JDK).get("source").get("stats").get("eventsRead").asLong();
        assertTrue(jdkEvents < expected, "the JDK's parser now reads such files: " + jdkEvents);
    }

    private static JsonNode report(List<Path> files, ReaderKind reader) throws Exception {
        return SampleRecordings.json(new RecordingAnalyzer(AnalysisSettings.defaults(), null, AnalysisProgress.NONE,
                "test", reader).analyze(files));
    }
}
