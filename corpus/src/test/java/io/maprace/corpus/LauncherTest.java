package io.maprace.corpus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/maprace}, as users run it, on the packaged jar (here because this module runs after the jar is made):
 * the class-data archive it keeps for {@code analyze} changes nothing in what a run prints, is written once, and
 * is left alone when turned off, on a failed run and when the user's JVM options set sharing themselves, and
 * serves every report format whichever the run that wrote it asked for; the memory options it gives
 * {@code analyze} make the JVM warn of nothing whatever heap the user sets.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("../bin/maprace").toAbsolutePath();

    @TempDir
    static Path dir;
    private static Path recording;

    /** What a launcher run left. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void record() throws Exception {
        recording = dir.resolve("cyclic-bin.jfr");
        Process p = new ProcessBuilder(CorpusRun.java(), "--add-opens=java.base/java.util=ALL-UNNAMED",
                "-XX:StartFlightRecording:settings=profile,filename=" + recording, "-cp",
                System.getProperty("java.class.path"), "io.maprace.samples.corrupt.CyclicBin", "--seconds", "4",
                "--threads", "2").redirectErrorStream(true).redirectOutput(dir.resolve("sample.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sample ended");
        assertTrue(Files.size(recording) > 0, "a recording");
    }

    private static Run launch(Path cache, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MAPRACE_JAR", CorpusRun.MAPRACE_JAR.toAbsolutePath().toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/maprace did not end: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path d = cache.resolve("maprace");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.toList();
        }
    }

    @Test
    void theArchiveIsWrittenOnceAndChangesNothingPrinted() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache-once"));
        Run without = launch(cache, Map.of("MAPRACE_CDS", "0"), "analyze", "--stuck-after", "1s", "--format", "json", recording.toString());
        assertEquals(0, without.exit(), without.err());
        assertEquals(List.of(), archives(cache), "MAPRACE_CDS=0 writes none");

        Run writing = launch(cache, Map.of(), "analyze", "--stuck-after", "1s", "--format", "json", recording.toString());
        assertEquals(0, writing.exit(), writing.err());
        List<Path> written = archives(cache);
        assertEquals(1, written.size(), "one archive: " + written);
        assertTrue(written.get(0).getFileName().toString().matches("analyze-\\d+\\.jsa"), written.toString());

        Run reading = launch(cache, Map.of(), "analyze", "--stuck-after", "1s", "--format", "json", recording.toString());
        assertEquals(0, reading.exit(), reading.err());
        assertEquals(written, archives(cache), "read, not written again");
        assertEquals(withoutTiming(without.out()), withoutTiming(writing.out()));
        assertEquals(withoutTiming(without.out()), withoutTiming(reading.out()));
        assertTrue(reading.out().contains("stuck-in-map"), reading.out());
        assertEquals("", reading.err().replaceAll("maprace: wrote.*\\R", ""), "nothing from the JVM's sharing");
    }

    @Test
    void noArchiveFromAFailedRunNorAgainstTheUsersOwnSharingOptions() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache-none"));
        Run missing = launch(cache, Map.of(), "analyze", dir.resolve("no-such.jfr").toString());
        assertEquals(3, missing.exit(), missing.err());
        assertEquals(List.of(), archives(cache), "a failed run keeps none");

        Run unshared = launch(cache, Map.of("MAPRACE_JAVA_OPTS", "-Xshare:off"), "analyze", "-q",
                recording.toString());
        assertEquals(0, unshared.exit(), unshared.err());
        assertEquals(List.of(), archives(cache), "-Xshare:off: the user's choice");
    }

    @Test
    void anArchiveWrittenByATextRunServesTheOtherFormats() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache-formats"));
        Run text = launch(cache, Map.of(), "analyze", "-q", "--stuck-after", "1s", recording.toString());
        assertEquals(0, text.exit(), text.err());
        assertEquals(1, archives(cache).size(), "written by the text run");
        for (String format : List.of("json", "html")) {
            Path report = dir.resolve("formats." + format);
            Run other = launch(cache, Map.of("MAPRACE_JAVA_OPTS", "-Xlog:class+load=info"), "analyze", "-q",
                    "--stuck-after", "1s", "-f", format, "-o", report.toString(), recording.toString());
            assertEquals(0, other.exit(), other.err());
            // a class only that format's rendering loads (the renderers themselves are loaded by any run)
            String used = format.equals("json") ? "com.fasterxml.jackson.core.JsonFactory "
                    : "io.maprace.cli.render.SvgTimeline ";
            assertTrue(other.out().lines().anyMatch(l -> l.contains(used + "source: shared objects file")),
                    format + ": not mapped from the archive: " + other.out().lines()
                            .filter(l -> l.contains(used)).toList());
            assertTrue(Files.readString(report).contains("stuck-in-map"), format);
        }
    }

    /**
     * A text analyze run reads no annotation: the JDK generates a proxy class for each annotation type it reads, in
     * the interpreter, and that was 25 ms of the run's start (picocli's annotations; Jackson's on the counters'
     * interface, the JDK's own on Object's methods).
     */
    @Test
    void aTextAnalyzeRunGeneratesNoAnnotationProxy() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache-proxies"));
        Run run = launch(cache, Map.of("MAPRACE_JAVA_OPTS", "-Xlog:class+load=info", "MAPRACE_CDS", "0"), "analyze",
                "-q", "--stuck-after", "1s", recording.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("stuck-in-map"), run.out());
        assertTrue(run.out().contains("io.maprace.cli.AnalyzeCommand "), "the class loading is logged");
        assertEquals(List.of(), run.out().lines().filter(l -> l.contains("__dynamic_proxy__")).toList());
    }

    @Test
    void theLaunchersMemoryOptionsBringNoWarningWhateverHeapTheUserSets() throws Exception {
        // analyze gets a small young generation: a heap too small for it, or a young generation of the user's
        // own, must not make the JVM warn on standard error (nor fail)
        Path cache = Files.createDirectory(dir.resolve("cache-heaps"));
        for (String opts : List.of("-Xmx24m", "-Xmx64m", "-Xmx65536k", "-Xmn8m", "-Xmx1g -XX:NewSize=4m")) {
            Run run = launch(cache, Map.of("MAPRACE_JAVA_OPTS", opts, "MAPRACE_CDS", "0"), "analyze", "-q",
                    "--stuck-after", "1s", recording.toString());
            assertEquals(0, run.exit(), opts + ": " + run.err());
            assertEquals("", run.err(), opts);
            assertTrue(run.out().contains("stuck-in-map"), opts + ": " + run.out());
        }
    }

    /** The one value that differs between two runs of the same analysis. */
    private static String withoutTiming(String json) {
        return json.replaceAll("\"analysisMillis\" : \\d+", "");
    }
}
