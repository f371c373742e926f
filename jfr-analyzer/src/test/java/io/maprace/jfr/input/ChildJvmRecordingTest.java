package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Recordings of child JVMs started with {@code -XX:StartFlightRecording}: the chunk in their JFR
 * repository copied while they record, and the same chunk after they are killed with SIGKILL.
 */
class ChildJvmRecordingTest {

    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    /** Flushes come about once a second; this many means at least two flush segments with events. */
    private static final int GENERATION_TO_WAIT_FOR = 3;

    @TempDir
    Path dir;

    @TempDir
    Path temp;

    /** What a killed child left behind. */
    private record ChildRun(Path liveCopy, Path killedChunk, Path target, int exitCode) {
    }

    @Test
    @Timeout(60)
    void theRepositoryChunkOfARunningThenKilledJdk17IsRecovered() throws Exception {
        assertRecovered(run(Path.of(System.getProperty("java.home"), "bin", "java")));
    }

    @Test
    @Timeout(60)
    void theRepositoryChunkOfAJdk25IsReadByThisJdksParserAfterRepair() throws Exception {
        assumeTrue(Files.isExecutable(JDK_25), "no JDK 25 at " + JDK_25);
        ChildRun run = run(JDK_25);
        assertRecovered(run);
        assertEquals(2, ChunkIndex.read(run.killedChunk()).chunks().get(0).majorVersion());
    }

    private void assertRecovered(ChildRun run) throws Exception {
        assertEquals(137, run.exitCode(), "killed with SIGKILL");
        RecordingOpener opener = new RecordingOpener(TimeBudget.of(Duration.ofSeconds(20)), temp);

        // The filename= target of a killed JVM is left empty (or never created).
        if (Files.exists(run.target())) {
            assertEquals(0, Files.size(run.target()));
            RecordingInputException e = assertThrows(RecordingInputException.class, () -> opener.open(run.target()));
            assertEquals(ProblemKind.EMPTY, e.kind());
        }

        int live;
        try (OpenedRecording recording = opener.open(run.liveCopy())) {
            assertTrue(recording.repaired());
            InputProblem problem = recording.problems().get(0);
            assertTrue(problem.kind() == ProblemKind.UNFINISHED || problem.kind() == ProblemKind.TRUNCATED,
                    problem.toString());
            List<Long> seqs = JdkReading.seqsWithRecordingFile(recording.path());
            assertTrue(seqs.size() > 0, "events recovered from the copy of a running JVM's chunk");
            JdkReading.assertPrefix(0, seqs);
            assertEquals(recording.repair().orElseThrow().eventsRecovered(), seqs.size());
            live = seqs.size();
        }

        try (OpenedRecording recording = opener.open(run.killedChunk())) {
            assertTrue(recording.repaired());
            InputProblem problem = recording.problems().get(0);
            assertEquals(ProblemKind.UNFINISHED, problem.kind(), problem.toString());
            List<Long> seqs = JdkReading.seqsWithRecordingFile(recording.path());
            JdkReading.assertPrefix(0, seqs);
            assertTrue(seqs.size() >= live, "the chunk only grew after the copy: " + seqs.size() + " < " + live);
            assertEquals(seqs.size(), JdkReading.seqsWithEventStream(recording.path()).size());
        }
    }

    private ChildRun run(Path java) throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Path target = dir.resolve("app.jfr");
        Path settings = Files.writeString(dir.resolve("seq-only.jfc"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="Seq only" description="No JDK events: only what the test emits">
                </configuration>
                """);
        Path classes = Path.of(SeqEmitter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:StartFlightRecording:filename=" + target + ",settings=" + settings,
                "-XX:FlightRecorderOptions:repository=" + repository,
                "-cp", classes.toString(), SeqEmitter.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path chunk = awaitFlushes(child, repository);
            Path liveCopy = Files.copy(chunk, dir.resolve("live-copy.jfr"));
            assertTrue(child.isAlive(), "the copy is taken while the JVM records");
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final flush
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            return new ChildRun(liveCopy, TestRecordings.newestChunk(repository), target, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    private Path awaitFlushes(Process child, Path repository) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(child.isAlive(), () -> "child JVM died: " + log());
            Path chunk = chunkIn(repository);
            if (chunk != null && Files.size(chunk) >= ChunkInfo.HEADER_SIZE
                    && TestRecordings.generationAndSize(chunk) % 256 >= GENERATION_TO_WAIT_FOR
                    && TestRecordings.generationAndSize(chunk) % 256 != 255) {
                return chunk;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no flushed chunk in " + repository + ": " + log());
    }

    private static Path chunkIn(Path repository) throws IOException {
        try {
            return TestRecordings.newestChunk(repository);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
