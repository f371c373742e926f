package io.maprace.jfr.input;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkIndexTest {

    @TempDir
    Path dir;

    @Test
    void listsTheOneChunkOfACompleteRecording() throws Exception {
        TestRecordings.Fixture fixture = TestRecordings.singleChunk();
        long size = Files.size(fixture.file());

        RecordingLayout layout = ChunkIndex.read(fixture.file());

        assertEquals(size, layout.fileSize());
        assertEquals(1, layout.chunks().size());
        ChunkInfo chunk = layout.chunks().get(0);
        assertEquals(ChunkState.COMPLETE, chunk.state());
        assertEquals(0, chunk.offset());
        assertEquals(size, chunk.declaredSize());
        assertEquals(size, chunk.extent());
        assertEquals(2, chunk.majorVersion());
        assertTrue(chunk.finished());
        assertTrue(chunk.compressedIntegers());
        assertTrue(chunk.start().isAfter(Instant.now().minus(Duration.ofHours(1))), "start " + chunk.start());
        assertTrue(chunk.declaredDuration().compareTo(Duration.ZERO) > 0);
        assertTrue(layout.leftover().isEmpty());
        assertFalse(layout.needsRepair());
    }

    @Test
    void seeksFromChunkToChunkInConcatenatedRecordings() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());

        RecordingLayout layout = ChunkIndex.read(both);

        assertEquals(2, layout.chunks().size());
        assertEquals(Files.size(first), layout.chunks().get(1).offset());
        assertEquals(Files.size(both), layout.chunks().get(1).end());
        assertEquals(1, layout.chunks().get(1).index());
        assertTrue(layout.chunks().stream().allMatch(c -> c.state() == ChunkState.COMPLETE));
        assertFalse(layout.needsRepair());
    }

    @Test
    void aChunkThatClaimsMoreBytesThanTheFileHasIsTruncated() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        long size = Files.size(source);
        Path cut = Bytes.cut(source, size / 2, dir.resolve("cut.jfr"));

        RecordingLayout layout = ChunkIndex.read(cut);

        ChunkInfo chunk = layout.chunks().get(0);
        assertEquals(ChunkState.TRUNCATED, chunk.state());
        assertEquals(size, chunk.declaredSize());
        assertEquals(size / 2, chunk.extent());
        assertTrue(layout.needsRepair());
    }

    @Test
    void aCutInsideTheSecondHeaderLeavesAPartialHeader() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());
        Path cut = Bytes.cut(both, Files.size(first) + 30, dir.resolve("cut.jfr"));

        RecordingLayout layout = ChunkIndex.read(cut);

        assertEquals(1, layout.chunks().size());
        assertEquals(ChunkState.COMPLETE, layout.chunks().get(0).state());
        RecordingLayout.Leftover leftover = layout.leftover().orElseThrow();
        assertEquals(RecordingLayout.Leftover.Kind.PARTIAL_HEADER, leftover.kind());
        assertEquals(Files.size(first), leftover.offset());
        assertEquals(30, leftover.length());
    }

    @Test
    void bytesAfterTheLastChunkAreTrailingGarbage() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        Path garbage = Files.writeString(dir.resolve("garbage.txt"), "not a chunk at all\n");
        Path file = Bytes.concat(dir.resolve("trailing.jfr"), first, garbage);

        RecordingLayout layout = ChunkIndex.read(file);

        assertEquals(1, layout.chunks().size());
        RecordingLayout.Leftover leftover = layout.leftover().orElseThrow();
        assertEquals(RecordingLayout.Leftover.Kind.GARBAGE, leftover.kind());
        assertEquals(Files.size(first), leftover.offset());
        assertEquals(19, leftover.length());
        assertTrue(leftover.description().contains("\"not a ch\""), leftover.description());
        assertTrue(layout.needsRepair());
    }

    /**
     * A damaged metadata offset that lands on bytes reading as a record of the metadata type, of a size that fits
     * and followed by a record, but stamped outside the chunk's time: not where the metadata is.
     */
    @Test
    void aMetadataOffsetOnBytesThatOnlyLookLikeARecordIsDamaged() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        ChunkInfo good = ChunkIndex.read(source).chunks().get(0);
        assertEquals(ChunkState.COMPLETE, good.state());
        // Inside the metadata record: size 300 (varint 0xAC 0x02), type 0, and start ticks an hour after the
        // chunk's start; then, 300 bytes on, a record of size 2 and type 0x7f.
        long fake = good.metadataOffset() + 100;
        long hourLater = good.startTicks() + 3600 * good.ticksPerSecond();
        byte[] record = new byte[3 + 9];
        record[0] = (byte) 0xAC;
        record[1] = 0x02;
        int n = 3;
        for (long v = hourLater; ; v >>>= 7) {
            record[n++] = (byte) (v < 0x80 ? v : (v & 0x7f) | 0x80);
            if (v < 0x80) {
                break;
            }
        }
        Path bytes = Bytes.withBytes(source, dir.resolve("fake-record.jfr"), fake,
                java.util.Arrays.copyOf(record, n));
        Path next = Bytes.withBytes(bytes, dir.resolve("fake-next.jfr"), fake + 300, (byte) 2, (byte) 0x7f);
        Path damaged = Bytes.withLong(next, dir.resolve("fake-offset.jfr"), 24, fake);

        assertEquals(ChunkState.DAMAGED, ChunkIndex.read(damaged).chunks().get(0).state());
    }

    @Test
    void aNonZeroFileStateIsAnUnfinishedChunk() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        Path unfinished = Bytes.withBytes(source, dir.resolve("unfinished.jfr"), 64, (byte) 5);

        ChunkInfo chunk = ChunkIndex.read(unfinished).chunks().get(0);

        assertEquals(ChunkState.UNFINISHED, chunk.state());
        assertEquals(5, chunk.generation());
        assertEquals(Files.size(source), chunk.extent());
    }

    @Test
    void aHeaderCopiedWhileBeingUpdatedIsUnfinishedAndExtendsToTheEnd() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        Path updating = Bytes.withBytes(source, dir.resolve("updating.jfr"), 64, (byte) 255);
        Path smaller = Bytes.withLong(updating, dir.resolve("updating-small.jfr"), 8, 1000);

        ChunkInfo chunk = ChunkIndex.read(smaller).chunks().get(0);

        assertEquals(ChunkState.UNFINISHED, chunk.state());
        assertEquals(Files.size(source), chunk.extent());
    }

    @Test
    void positionsThatHoldNoSuchRecordMeanADamagedHeader() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        Path damaged = Bytes.withLong(source, dir.resolve("damaged.jfr"), 16, 100);

        ChunkInfo chunk = ChunkIndex.read(damaged).chunks().get(0);

        assertEquals(ChunkState.DAMAGED, chunk.state());
    }

    @Test
    void aDamagedSizeInTheFirstOfTwoChunksIsCorrectedFromItsRecords() throws Exception {
        Path first = TestRecordings.singleChunk().file();
        long firstSize = Files.size(first);
        Path both = Bytes.concat(dir.resolve("both.jfr"), first, TestRecordings.secondChunk().file());

        for (long damagedSize : new long[] {firstSize * 100, firstSize - 50, 3}) {
            Path damaged = Bytes.withLong(both, dir.resolve("damaged.jfr"), 8, damagedSize);

            RecordingLayout layout = ChunkIndex.read(damaged);

            assertEquals(2, layout.chunks().size(), "size " + damagedSize);
            assertEquals(ChunkState.DAMAGED, layout.chunks().get(0).state());
            assertEquals(firstSize, layout.chunks().get(0).extent());
            assertEquals(ChunkState.COMPLETE, layout.chunks().get(1).state());
            assertEquals(firstSize, layout.chunks().get(1).offset());
            assertTrue(layout.leftover().isEmpty());
        }
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.jfr");
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(missing));
        assertEquals(ProblemKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().startsWith(missing + ": no such file"), e.getMessage());
    }

    @Test
    void directory() {
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(dir));
        assertEquals(ProblemKind.UNREADABLE, e.kind());
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(empty));
        assertEquals(ProblemKind.EMPTY, e.kind());
        assertTrue(e.getMessage().contains("repository"), e.getMessage());
    }

    @Test
    void textIsNotJfrAndTheMessageShowsHowItStarts() throws Exception {
        Path text = Files.writeString(dir.resolve("print.jfr"), "jdk.ExecutionSample {\n  startTime = 12:00\n}\n");
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(text));
        assertEquals(ProblemKind.NOT_JFR, e.kind());
        assertTrue(e.getMessage().contains("6A 64 6B 2E 45 78 65 63 \"jdk.Exec\""), e.getMessage());
        assertTrue(e.getMessage().contains("jfr print"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void gzipIsNotJfrAndTheMessageSaysToDecompress() throws Exception {
        Path gz = dir.resolve("app.jfr.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(TestRecordings.singleChunk().file()));
        }
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(gz));
        assertEquals(ProblemKind.NOT_JFR, e.kind());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void aTinyFileThatIsNotJfr() throws Exception {
        Path tiny = Files.write(dir.resolve("tiny.jfr"), new byte[] {1});
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(tiny));
        assertEquals(ProblemKind.NOT_JFR, e.kind());
        assertTrue(e.getMessage().contains("starts with 01 \".\""), e.getMessage());
    }

    @Test
    void oracleJdk8FormatIsUnsupported() throws Exception {
        Path source = TestRecordings.singleChunk().file();
        Path old = Bytes.withBytes(source, dir.resolve("old.jfr"), 4, (byte) 0, (byte) 0, (byte) 0, (byte) 9);
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(old));
        assertEquals(ProblemKind.UNSUPPORTED_VERSION, e.kind());
        assertTrue(e.getMessage().contains("format 0.9"), e.getMessage());
    }

    @Test
    void aFileCutInsideItsFirstHeaderHasNoChunkAndAPartialHeader() throws Exception {
        Path cut = Bytes.cut(TestRecordings.singleChunk().file(), 40, dir.resolve("cut.jfr"));

        RecordingLayout layout = ChunkIndex.read(cut);

        assertTrue(layout.chunks().isEmpty());
        assertEquals(RecordingLayout.Leftover.Kind.PARTIAL_HEADER, layout.leftover().orElseThrow().kind());
    }

    @Test
    void unreadableFile() throws Exception {
        Path file = Files.write(dir.resolve("secret.jfr"), "FLR".getBytes(StandardCharsets.US_ASCII));
        assertTrue(file.toFile().setReadable(false, false));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "permissions are not enforced (root)");
        RecordingInputException e = assertThrows(RecordingInputException.class, () -> ChunkIndex.read(file));
        assertEquals(ProblemKind.UNREADABLE, e.kind());
    }
}
