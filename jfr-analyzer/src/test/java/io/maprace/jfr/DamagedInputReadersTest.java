package io.maprace.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Report;
import io.maprace.findings.Warning;
import io.maprace.rules.AnalysisSettings;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged recordings (bytes flipped anywhere, files cut anywhere) end the same way with the lean reader as with
 * the JDK's parser: the same problem thrown, or a report with the same first input warning (what decides the
 * exit code), in bounded time. The one difference allowed: where the JDK's parser runs out of time, the lean
 * reader, whose every loop is bounded by the chunk's size, may finish.
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
        Catalog.Sample sample = Catalog.require("factory-cache");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(sample.jvmFlags());
        cmd.addAll(List.of("-XX:StartFlightRecording:settings=profile,filename=" + rec, "-cp",
                System.getProperty("java.class.path"), sample.mainClass(), "--seconds", "3", "--threads", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "recording did not end");
        assertEquals(0, p.exitValue());
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
        assertTrue(compared >= 30, "outcomes compared: " + compared);
    }

    @Test
    void cutFilesEndAlikeWithEitherReader() throws Exception {
        int compared = 0;
        for (int i = 1; i < 12; i++) {
            int at = (int) ((long) recording.length * i / 12);
            compared += compare(Files.write(dir.resolve("cut-" + at + ".jfr"), Arrays.copyOf(recording, at)));
        }
        assertEquals(11, compared);
    }

    /** 1 when both outcomes were compared, 0 when only the JDK's parser ran out of time. */
    private static int compare(Path file) {
        String jdk = outcome(file, ReaderKind.JDK);
        String lean = outcome(file, ReaderKind.LEAN);
        assertTrue(!lean.equals(Problem.TIME_BUDGET_EXCEEDED.code()), file + ": the lean reader ran out of time");
        if (jdk.equals(Problem.TIME_BUDGET_EXCEEDED.code()) && !jdk.equals(lean)) {
            return 0;
        }
        assertEquals(jdk, lean, file.getFileName().toString());
        return 1;
    }

    /** The code of the problem thrown, or of the report's first input warning, or "report". */
    private static String outcome(Path file, ReaderKind reader) {
        try {
            Report report = new RecordingAnalyzer(AnalysisSettings.defaults(), BUDGET, AnalysisProgress.NONE, "test",
                    reader).analyze(List.of(file));
            return report.warnings().stream().map(Warning::code)
                    .filter(code -> Arrays.stream(Problem.values()).anyMatch(p -> p.code().equals(code)))
                    .findFirst().orElse("report");
        } catch (MapraceException e) {
            return e.problem().code();
        }
    }
}
