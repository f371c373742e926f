package io.maprace.jfr.input;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncatedChunkRepairTest {

    private final TruncatedChunkRepair repair = new TruncatedChunkRepair(TimeBudget.of(Duration.ofSeconds(20)));

    @TempDir
    Path dir;

    @Test
    void theIntactFixtureHasOneEndPointPerFlushAndOnlySeqEvents() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        ChunkWalker.Scan scan = scan(fixture.file());

        assertEquals(ChunkRecovery.Stop.END_OF_DATA, scan.stop());
        assertEquals(Files.size(fixture.file()), scan.recordsEnd());
        assertEquals(fixture.totalEvents(), scan.events());
        // One end point per forced flush, at least, and the chunk's closing checkpoint last.
        assertTrue(scan.endPoints().size() >= fixture.batches() + 1, "end points " + scan.endPoints().size());
        assertEquals(Files.size(fixture.file()), scan.last().end());
        assertEquals(fixture.totalEvents(), scan.last().eventsBefore());
    }

    @Test
    void recoversTheFlushedEventsOfASingleChunkCutAnywhere() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        Path source = fixture.file();
        long size = Files.size(source);
        List<ChunkWalker.EndPoint> ends = scan(source).endPoints();
        long firstEnd = ends.get(0).end();
        // The periodic flush may also have run before the first batch: the first end point with events
        // is not necessarily the first one.
        long firstEndWithEvents = ends.stream().filter(e -> e.eventsBefore() > 0).findFirst().orElseThrow().end();

        TreeSet<Long> cuts = new TreeSet<>();
        for (int i = 0; i <= 40; i++) {
            cuts.add(ChunkInfo.HEADER_SIZE + (size - 1 - ChunkInfo.HEADER_SIZE) * i / 40);
        }
        for (ChunkWalker.EndPoint end : ends) {
            for (long delta = -1; delta <= 1; delta++) {
                if (end.end() + delta < size) {
                    cuts.add(end.end() + delta);
                }
            }
        }

        long previous = 0;
        for (long cut : cuts) {
            Path file = Bytes.cut(source, cut, dir.resolve("cut.jfr"));
            assertTrue(JdkReading.countOrMinusOne(file) <= 0, "the JDK's parser alone reads nothing at cut " + cut);

            RecordingLayout layout = ChunkIndex.read(file);
            assertEquals(ChunkState.TRUNCATED, layout.chunks().get(0).state());
            Path repaired = dir.resolve("repaired.jfr");
            ChunkRecovery recovery = repair.repair(layout, repaired).repairs().get(0);

            if (cut < firstEnd) {
                assertFalse(recovery.recovered(), "cut " + cut + " is inside the first flush");
                assertEquals(0, Files.size(repaired));
                assertTrue(recovery.failure().orElseThrow().startsWith("no flush was complete"));
                continue;
            }
            assertTrue(recovery.recovered(), "cut " + cut);
            List<Long> seqs = JdkReading.seqsWithRecordingFile(repaired);
            JdkReading.assertPrefix(0, seqs);
            assertEquals(recovery.eventsRecovered(), seqs.size(), "cut " + cut);
            assertTrue(seqs.size() >= previous, "recovered events must not decrease: cut " + cut);
            assertEquals(cut >= firstEndWithEvents, seqs.size() > 0, "cut " + cut);
            assertTrue(recovery.bytesKept() <= cut, "cut " + cut);
            assertEquals(Files.size(repaired), recovery.bytesKept());
            assertEquals(cut, recovery.bytesKept() + recovery.bytesDropped());
            assertTrue(ends.stream().anyMatch(e -> e.end() == recovery.bytesKept()), "kept ends at a flush");
            previous = seqs.size();
        }
        // The cut just before the end loses only what followed the last flush.
        assertTrue(previous >= fixture.flushedEvents(), "recovered " + previous);
    }

    @Test
    void reportsWhereTheCutWasAndWhatWasDropped() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        List<ChunkWalker.EndPoint> ends = scan(fixture.file()).endPoints();
        // Two flushes with events before the first and between them (a periodic flush can add empty ones).
        int i = 0;
        while (ends.get(i).eventsBefore() == 0 || ends.get(i + 1).eventsBefore() == ends.get(i).eventsBefore()) {
            i++;
        }
        ChunkWalker.EndPoint second = ends.get(i);
        ChunkWalker.EndPoint third = ends.get(i + 1);
        long cut = (second.end() + third.end()) / 2;
        Path file = Bytes.cut(fixture.file(), cut, dir.resolve("cut.jfr"));
        ChunkInfo chunk = ChunkIndex.read(file).chunks().get(0);

        RepairReport report = repair.repair(ChunkIndex.read(file), dir.resolve("repaired.jfr"));

        ChunkRecovery recovery = report.repairs().get(0);
        assertEquals(0, report.chunksCopied());
        assertEquals(1, report.chunksKept());
        assertEquals(ChunkState.TRUNCATED, recovery.state());
        assertEquals(Files.size(fixture.file()), recovery.declaredSize());
        assertEquals(cut, recovery.bytesInFile());
        assertEquals(second.end(), recovery.bytesKept());
        assertEquals(cut - second.end(), recovery.bytesDropped());
        assertEquals(ChunkRecovery.Stop.PARTIAL_RECORD, recovery.stop());
        assertTrue(recovery.readableUntil() <= cut && recovery.readableUntil() > second.end());
        assertEquals(second.eventsBefore(), recovery.eventsRecovered());
        assertTrue(recovery.eventsDropped() > 0, "events between the kept flush and the cut");
        Instant until = recovery.recoveredUntil().orElseThrow();
        assertTrue(!until.isBefore(chunk.start()) && until.isBefore(chunk.start().plus(chunk.declaredDuration())));
        assertEquals(Duration.between(chunk.start(), until), recovery.recoveredSpan());

        RecordingLayout repaired = ChunkIndex.read(report.target());
        ChunkInfo fixed = repaired.chunks().get(0);
        assertEquals(ChunkState.COMPLETE, fixed.state());
        assertTrue(fixed.finished());
        assertEquals(second.end(), fixed.declaredSize());
        assertEquals(second.constantPoolOffset(), fixed.constantPoolOffset());
        assertEquals(second.metadataOffset(), fixed.metadataOffset());
        assertEquals(chunk.startNanos(), fixed.startNanos());
        // The duration is the one the JVM wrote at that flush, measured a moment after the checkpoint's time.
        long gap = fixed.declaredDurationNanos() - Duration.between(chunk.start(), until).toNanos();
        assertTrue(Math.abs(gap) < Duration.ofSeconds(1).toNanos(), "duration gap " + gap);
    }

    @Test
    void theRepairedFileIsReadByEventStreamToo() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        Path file = Bytes.cut(fixture.file(), Files.size(fixture.file()) - 1, dir.resolve("cut.jfr"));

        RepairReport report = repair.repair(ChunkIndex.read(file), dir.resolve("repaired.jfr"));

        List<Long> streamed = JdkReading.seqsWithEventStream(report.target());
        JdkReading.assertPrefix(0, streamed);
        assertEquals(JdkReading.seqsWithRecordingFile(report.target()).size(), streamed.size());
        assertTrue(streamed.size() >= fixture.flushedEvents());
    }

    @Test
    void aMultiChunkFileCutInItsSecondChunkKeepsAllOfTheFirst() throws Exception {
        TestRecordings.Fixture first = TestRecordings.singleChunk();
        TestRecordings.Fixture second = TestRecordings.secondChunk();
        Path both = Bytes.concat(dir.resolve("both.jfr"), first.file(), second.file());
        long firstSize = Files.size(first.file());
        long cut = firstSize + Files.size(second.file()) * 9 / 10;
        Path file = Bytes.cut(both, cut, dir.resolve("cut.jfr"));
        long jdkAlone = JdkReading.countOrMinusOne(file);

        RepairReport report = repair.repair(ChunkIndex.read(file), dir.resolve("repaired.jfr"));

        assertEquals(1, report.chunksCopied());
        assertEquals(2, report.chunksKept());
        ChunkRecovery recovery = report.repairs().get(0);
        assertEquals(1, recovery.chunkIndex());
        assertEquals(firstSize, recovery.chunkOffset());
        List<Long> seqs = JdkReading.seqsWithRecordingFile(report.target());
        List<Long> ofFirst = seqs.stream().filter(s -> s < 10_000).toList();
        List<Long> ofSecond = seqs.stream().filter(s -> s >= 10_000).toList();
        assertEquals(first.totalEvents(), ofFirst.size());
        JdkReading.assertPrefix(0, ofFirst);
        JdkReading.assertPrefix(10_000, ofSecond);
        assertTrue(ofSecond.size() >= second.perBatch());
        assertEquals(ofSecond.size(), recovery.eventsRecovered());
        assertTrue(seqs.size() > jdkAlone, "repair " + seqs.size() + " vs the JDK alone " + jdkAlone);
        assertEquals(firstSize + recovery.bytesKept(), Files.size(report.target()));
    }

    @Test
    void aCutInsideTheFirstFlushRecoversNothingAndSaysSo() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        long firstEnd = scan(source).endPoints().get(0).end();
        Path file = Bytes.cut(source, firstEnd - 200, dir.resolve("cut.jfr"));

        RepairReport report = repair.repair(ChunkIndex.read(file), dir.resolve("repaired.jfr"));

        assertEquals(0, report.chunksKept());
        ChunkRecovery recovery = report.repairs().get(0);
        assertFalse(recovery.recovered());
        assertEquals(0, recovery.eventsRecovered());
        assertTrue(recovery.recoveredUntil().isEmpty());
        assertEquals("no flush was complete before the data ends", recovery.failure().orElseThrow());
    }

    @Test
    void aChunkLeftUnfinishedIsClosedAtItsLastCheckpoint() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        Path file = Bytes.withBytes(fixture.file(), dir.resolve("unfinished.jfr"), 64, (byte) 6);

        RepairReport report = repair.repair(ChunkIndex.read(file), dir.resolve("repaired.jfr"));

        ChunkRecovery recovery = report.repairs().get(0);
        assertEquals(ChunkState.UNFINISHED, recovery.state());
        assertEquals(ChunkRecovery.Stop.END_OF_DATA, recovery.stop());
        assertEquals(Files.size(fixture.file()), recovery.bytesKept());
        assertEquals(0, recovery.eventsDropped());
        List<Long> seqs = JdkReading.seqsWithRecordingFile(report.target());
        assertEquals(fixture.totalEvents(), seqs.size());
        JdkReading.assertPrefix(0, seqs);
    }

    @Test
    void aDamagedHeaderIsRebuiltFromTheRecordsAndTheHeaderKeptAtTheLastFlush() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        Path noPositions = Bytes.withLong(fixture.file(), dir.resolve("a.jfr"), 16, 12);
        Path noClock = Bytes.withLong(noPositions, dir.resolve("damaged.jfr"), 56, 0);
        assertEquals(ChunkState.DAMAGED, ChunkIndex.read(noClock).chunks().get(0).state());

        RepairReport report = repair.repair(ChunkIndex.read(noClock), dir.resolve("repaired.jfr"));

        assertEquals(fixture.totalEvents(), report.repairs().get(0).eventsRecovered());
        assertArrayEquals(Files.readAllBytes(fixture.file()), Files.readAllBytes(report.target()),
                "the header kept in the final checkpoint is the header the JVM wrote");
    }

    @Test
    void trailingGarbageAndAPartialHeaderAreLeftOut() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path garbage = Files.writeString(dir.resolve("garbage.txt"), "garbage after the chunk");
        Path withGarbage = Bytes.concat(dir.resolve("garbage.jfr"), first, garbage);
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());
        Path partialHeader = Bytes.cut(both, Files.size(first) + 30, dir.resolve("partial.jfr"));

        for (Path file : List.of(withGarbage, partialHeader)) {
            RepairReport report = repair.repair(ChunkIndex.read(file), dir.resolve("repaired.jfr"));
            assertEquals(1, report.chunksCopied());
            assertTrue(report.repairs().isEmpty());
            assertTrue(report.leftover().isPresent());
            assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(report.target()), file.toString());
        }
    }

    private static ChunkWalker.Scan scan(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ChunkWalker.walk(channel, ChunkIndex.read(file).chunks().get(0));
        }
    }
}
