package io.maprace.jfr.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jdk.jfr.consumer.EventStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingOpenerTest {

    private static final String CLOCK = "\\d\\d:\\d\\d:\\d\\d";
    private static final String NUMBER = "[\\d,]+";

    @TempDir
    Path dir;

    @TempDir
    Path temp;

    private RecordingOpener opener() {
        return new RecordingOpener(TimeBudget.of(Duration.ofSeconds(10)), temp);
    }

    @Test
    void aSoundFileIsParsedAsItIs() throws Exception {
        Path file = TestRecordings.singleChunk().file();
        try (OpenedRecording recording = opener().open(file)) {
            assertEquals(file, recording.source());
            assertEquals(file, recording.path());
            assertFalse(recording.repaired());
            assertTrue(recording.problems().isEmpty());
            assertTrue(recording.repair().isEmpty());
            assertEquals(1, recording.layout().chunks().size());
        }
        assertTrue(Files.exists(file), "closing never deletes the user's file");
    }

    @Test
    void aCutFileIsRepairedIntoATemporaryCopyDeletedOnClose() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        long declared = Files.size(fixture.file());
        long cut = declared * 3 / 4;
        Path file = Bytes.cut(fixture.file(), cut, dir.resolve("app.jfr"));
        Path copy;
        try (OpenedRecording recording = opener().open(file)) {
            copy = recording.path();
            assertNotEquals(file, copy);
            assertTrue(copy.startsWith(temp));
            assertTrue(recording.repaired());
            assertEquals(1, recording.problems().size());
            InputProblem problem = recording.problems().get(0);
            assertEquals(ProblemKind.TRUNCATED, problem.kind());
            ChunkRecovery recovery = recording.repair().orElseThrow().repairs().get(0);
            assertEquals(file + ": recording is cut at byte " + Messages.number(cut) + " of chunk 1 of 1 (its header"
                    + " declares " + Messages.number(declared) + " bytes): recovered "
                    + Messages.number(recovery.eventsRecovered()) + " events / "
                    + Messages.seconds(recovery.recoveredSpan()) + " up to ", problem.message().substring(0,
                    problem.message().indexOf(" up to ") + 7));
            assertTrue(problem.message().matches(".* up to " + CLOCK + "; " + NUMBER
                    + " bytes after the last flush were lost( \\(" + NUMBER + " complete events among them\\))?"),
                    problem.message());
            List<Long> seqs = JdkReading.seqsWithEventStream(recording.path());
            JdkReading.assertPrefix(0, seqs);
            assertEquals(recovery.eventsRecovered(), seqs.size());
        }
        assertFalse(Files.exists(copy), "the repaired copy is deleted on close");
        assertTrue(Files.exists(file));
    }

    @Test
    void aCutInsideTheFirstFlushStopsTheAnalysisWithAOneLineMessage() throws Exception {
        Path file = Bytes.cut(TestRecordings.singleChunk().file(), 5_000, dir.resolve("app.jfr"));

        RecordingInputException e = assertThrows(RecordingInputException.class, () -> opener().open(file));

        assertEquals(ProblemKind.TRUNCATED, e.kind());
        assertEquals(file + ": recording is cut at byte 5,000 of chunk 1 of 1, inside its first flush: no event can"
                + " be recovered — the copy ends before the JVM's first flush (about a second after the recording"
                + " started): copy the file again once it is complete", e.getMessage());
        assertEmpty(temp);
    }

    @Test
    void aCutInsideTheFirstHeader() throws Exception {
        Path file = Bytes.cut(TestRecordings.singleChunk().file(), 40, dir.resolve("app.jfr"));

        RecordingInputException e = assertThrows(RecordingInputException.class, () -> opener().open(file));

        assertEquals(ProblemKind.TRUNCATED, e.kind());
        assertTrue(e.getMessage().startsWith(file + ": the file ends after 40 bytes, inside the header of its first"
                + " chunk"), e.getMessage());
    }

    @Test
    void anEmptyFileSaysWhereTheDataOfAKilledJvmIs() throws Exception {
        Path file = Files.createFile(dir.resolve("app.jfr"));

        RecordingInputException e = assertThrows(RecordingInputException.class, () -> opener().open(file));

        assertEquals(ProblemKind.EMPTY, e.kind());
        assertEquals(file + ": file is empty (0 bytes) — a JVM that was killed leaves its data in the JFR repository:"
                + " the newest .jfr file under the directory of -XX:FlightRecorderOptions:repository=DIR, by default"
                + " <java.io.tmpdir>/<date>_<pid>/", e.getMessage());
    }

    @Test
    void aMultiChunkFileCutInTheSecondHeaderKeepsTheFirstChunk() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());
        Path file = Bytes.cut(both, Files.size(first) + 30, dir.resolve("app.jfr"));

        try (OpenedRecording recording = opener().open(file)) {
            assertEquals(List.of(new InputProblem(ProblemKind.TRUNCATED, file + ": the file ends 30 bytes into the"
                    + " header of chunk 2 (at byte " + Messages.number(Files.size(first)) + "): that chunk is lost")),
                    recording.problems());
            assertEquals(TestRecordings.singleChunk().totalEvents(), JdkReading.seqsWithRecordingFile(recording.path()).size());
        }
    }

    @Test
    void aSecondChunkCutInsideItsFirstFlushIsLostAndTheFirstIsKept() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());
        Path file = Bytes.cut(both, Files.size(first) + 5_000, dir.resolve("app.jfr"));

        try (OpenedRecording recording = opener().open(file)) {
            assertEquals(List.of(new InputProblem(ProblemKind.TRUNCATED, file + ": recording is cut at byte 5,000 of"
                    + " chunk 2 of 2, inside its first flush: none of its events can be recovered — the other chunks"
                    + " are analyzed")), recording.problems());
            assertEquals(1, recording.repair().orElseThrow().chunksKept());
            List<Long> seqs = JdkReading.seqsWithRecordingFile(recording.path());
            assertEquals(TestRecordings.singleChunk().totalEvents(), seqs.size());
            JdkReading.assertPrefix(0, seqs);
        }
    }

    @Test
    void trailingGarbageIsLeftOut() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path garbage = Files.write(dir.resolve("zeros"), new byte[4096]);
        Path file = Bytes.concat(dir.resolve("app.jfr"), first, garbage);

        try (OpenedRecording recording = opener().open(file)) {
            assertEquals(1, recording.problems().size());
            InputProblem problem = recording.problems().get(0);
            assertEquals(ProblemKind.TRAILING_GARBAGE, problem.kind());
            assertEquals(file + ": 4,096 bytes after the last chunk (from byte " + Messages.number(Files.size(first))
                    + ") are bytes that are not a chunk, starting with 00 00 00 00 00 00 00 00 \"........\"; left"
                    + " them out", problem.message());
            assertEquals(TestRecordings.singleChunk().totalEvents(), JdkReading.seqsWithRecordingFile(recording.path()).size());
        }
    }

    @Test
    void anUnfinishedChunkIsFinished() throws Exception {
        Path file = Bytes.withBytes(TestRecordings.singleChunk().file(), dir.resolve("app.jfr"), 64, (byte) 9);

        try (OpenedRecording recording = opener().open(file)) {
            InputProblem problem = recording.problems().get(0);
            assertEquals(ProblemKind.UNFINISHED, problem.kind());
            assertTrue(problem.message().startsWith(file + ": chunk 1 of 1 was never finished (copied while its JVM"
                    + " was recording, or the JVM died): recovered 750 events / "), problem.message());
            assertTrue(problem.message().endsWith("; nothing after the last flush was lost"), problem.message());
        }
    }

    @Test
    void flippedBytesNeverHangAndAlwaysEndInEventsOrAReportedProblem() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        long size = Files.size(source);
        TreeSet<Long> positions = new TreeSet<>();
        for (long p = 0; p < ChunkInfo.HEADER_SIZE; p += 3) {
            positions.add(p);
        }
        for (int i = 0; i < 45; i++) {
            positions.add(ChunkInfo.HEADER_SIZE + (size - ChunkInfo.HEADER_SIZE) * i / 45 + i % 7);
        }
        positions.add(size - 1);
        Set<ProblemKind> allowed = EnumSet.of(ProblemKind.NOT_JFR, ProblemKind.UNSUPPORTED_VERSION,
                ProblemKind.TRUNCATED, ProblemKind.UNFINISHED, ProblemKind.CORRUPT, ProblemKind.TIMED_OUT,
                ProblemKind.TRAILING_GARBAGE);
        Map<ProblemKind, Integer> outcomes = new EnumMap<>(ProblemKind.class);
        int parsed = 0;
        TimeBudget analysis = TimeBudget.of(Duration.ofSeconds(3));
        RecordingOpener opener = new RecordingOpener(TimeBudget.of(Duration.ofSeconds(3)), temp);

        for (long position : positions) {
            Path file = Bytes.flip(source, dir.resolve("flipped.jfr"), position);
            String outcome = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (OpenedRecording recording = opener.open(file)) {
                    recording.problems().forEach(p -> assertTrue(allowed.contains(p.kind()), p.toString()));
                    analysis.run(file, "reading events", progress -> {
                        try (EventStream stream = progress.closeOnExpiry(EventStream.openFile(recording.path()))) {
                            stream.onEvent(event -> {
                                progress.advance();
                                event.getStackTrace(); // resolves constants, where damage often shows
                            });
                            stream.start();
                        }
                        return progress.count();
                    });
                    return "parsed";
                } catch (RecordingInputException e) {
                    assertTrue(allowed.contains(e.kind()), e.kind() + ": " + e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                    return e.kind().name();
                }
            }, "flipped byte at " + position);
            if (outcome.equals("parsed")) {
                parsed++;
            } else {
                outcomes.merge(ProblemKind.valueOf(outcome), 1, Integer::sum);
            }
        }
        assertEmpty(temp);
        assertTrue(outcomes.getOrDefault(ProblemKind.NOT_JFR, 0) > 0, "a flipped magic byte is not JFR: " + outcomes);
        assertTrue(parsed > positions.size() / 2, "most flips in event payloads still parse: " + outcomes);
    }

    @Test
    void flippedSizePositionsAndStateInTheHeaderAreRebuiltFromTheRecords() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        for (int position = 8; position <= 64; position++) {
            if (position >= 32 && position < 64) {
                continue; // times: the JDK's parser reads them whatever they are
            }
            Path file = Bytes.flip(fixture.file(), dir.resolve("flipped.jfr"), position);
            try (OpenedRecording recording = opener().open(file)) {
                assertTrue(recording.repaired(), "flip at " + position);
                assertEquals(1, recording.problems().size(), "flip at " + position);
                List<Long> seqs = JdkReading.seqsWithRecordingFile(recording.path());
                assertEquals(fixture.totalEvents(), seqs.size(), "flip at " + position);
            }
        }
    }

    @Test
    void aDamagedChunkSizeInAMultiChunkFileLosesNothing() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());
        Path file = Bytes.withLong(both, dir.resolve("app.jfr"), 8, 1L << 40);

        try (OpenedRecording recording = opener().open(file)) {
            InputProblem problem = recording.problems().get(0);
            assertEquals(ProblemKind.CORRUPT, problem.kind());
            assertTrue(problem.message().startsWith(file + ": the header of chunk 1 of 2 contradicts its data; rebuilt"
                    + " it from the records: recovered 750 events / "), problem.message());
            List<Long> seqs = JdkReading.seqsWithRecordingFile(recording.path());
            assertEquals(TestRecordings.singleChunk().totalEvents() + TestRecordings.secondChunk().totalEvents(),
                    seqs.size());
        }
    }

    private static void assertEmpty(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(), files.toList(), "temporary files left behind");
        }
    }
}
