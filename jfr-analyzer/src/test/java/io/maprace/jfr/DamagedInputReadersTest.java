package io.maprace.jfr;

import io.maprace.findings.RecordingStats;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Report;
import io.maprace.findings.Warning;
import io.maprace.rules.AnalysisSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged recordings (bytes flipped anywhere, files cut anywhere) end the same way with the lean reader as with
 * the JDK's parser: the same problem thrown, or a report with the same first input warning (what decides the
 * exit code), in bounded time. Two differences are allowed, both where the JDK's parser fails the user:
 * <ul>
 * <li>where it runs out of time, the lean reader, whose every loop is bounded by the chunk's size, may finish;</li>
 * <li>where it meets damage and stops without a word (the file stream of JDK 17 reports neither a damaged
 *     metadata, constant pool nor record size to {@code onError}; a runtime exception goes to the stream
 *     thread's uncaught handler, which prints a stack trace), so that the report looks sound or says "no
 *     execution samples", the lean reader says the recording is corrupt, after at least as many events.</li>
 * </ul>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DamagedInputReadersTest {

    private static final Duration BUDGET = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static byte[] recording;

    @BeforeAll
    static void record() throws Exception {
        Path rec = dir.resolve("factory-cache.jfr");
        SampleRecordings.await(Map.of(rec, SampleRecordings.start(SampleRecordings.JAVA, "factory-cache", rec, 3)));
        recording = Files.readAllBytes(rec);
    }

    @Test
    void flippedBytesEndAlikeWithEitherReader() throws Exception {
        int compared = 0;
        for (int i = 0; i < 40; i++) {
            int at = 64 + (int) ((long) (recording.length - 72) * i / 40);
            byte[] bad = recording.clone();
            for (int k = at; k < at + 8; k++) {
                bad[k] = (byte) ~bad[k];
            }
            compared += compare(Files.write(dir.resolve("flipped-" + at + ".jfr"), bad));
        }
        // Every flip is asserted in compare(); this only guards against a vacuous run. How many flips land in the
        // metadata or constant pools (where the JDK's parser stops silently and the lean reader does better)
        // depends on the recording's layout, which differs from run to run: 12 to 30 of 40 were seen alike.
        assertTrue(compared >= 5, "outcomes alike: " + compared);
    }

    @Test
    void cutFilesEndAlikeWithEitherReader() throws Exception {
        int compared = 0;
        for (int i = 1; i < 12; i++) {
            int at = (int) ((long) recording.length * i / 12);
            compared += compare(Files.write(dir.resolve("cut-" + at + ".jfr"), Arrays.copyOf(recording, at)));
        }
        assertEquals(11, compared, "a cut file is repaired before either reader sees it");
    }

    /** 1 when both outcomes were compared alike, 0 when the lean reader did better (see above). */
    private static int compare(Path file) {
        Outcome jdk = outcome(file, ReaderKind.JDK);
        Outcome lean = outcome(file, ReaderKind.LEAN);
        String name = file.getFileName().toString();
        assertTrue(!lean.code.equals(Problem.TIME_BUDGET_EXCEEDED.code()), name + ": the lean reader ran out of time");
        if (jdk.code.equals(lean.code)) {
            return 1;
        }
        if (jdk.code.equals(Problem.TIME_BUDGET_EXCEEDED.code())) {
            return 0;
        }
        boolean silentStop = !jdk.corrupt && lean.corrupt && lean.events >= jdk.events;
        assertTrue(silentStop, name + ": JDK " + jdk + ", lean " + lean);
        return 0;
    }

    /**
     * @param code    the problem thrown, or the report's first input warning (the exit code), or "report"
     * @param corrupt whether the outcome says the recording is corrupt
     * @param events  events read (0 when a problem was thrown)
     */
    private record Outcome(String code, boolean corrupt, long events) {
    }

    private static Outcome outcome(Path file, ReaderKind reader) {
        try {
            Report report = new RecordingAnalyzer(AnalysisSettings.defaults(), BUDGET, AnalysisProgress.NONE, "test",
                    reader).analyze(List.of(file));
            String code = report.warnings().stream().map(Warning::code)
                    .filter(c -> Arrays.stream(Problem.values()).anyMatch(p -> p.code().equals(c)))
                    .findFirst().orElse("report");
            boolean corrupt = report.warnings().stream()
                    .anyMatch(w -> w.code().equals(Problem.RECORDING_CORRUPT.code()));
            return new Outcome(code, corrupt, ((RecordingStats) report.source().stats()).eventsRead());
        } catch (MapraceException e) {
            return new Outcome(e.problem().code(), e.problem() == Problem.RECORDING_CORRUPT, 0);
        }
    }
}
