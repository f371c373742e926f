package io.maprace.jfr.input;

import io.maprace.findings.Numbers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jdk.jfr.consumer.EventStream;

/**
 * Writes a copy of a recording that the JDK's parser reads, when its last chunk is cut, unfinished
 * (a repository chunk of a running or killed JVM) or has a damaged header.
 *
 * <p>Complete chunks are copied as they are. A chunk needing repair is walked record by record
 * from its header ({@link ChunkWalker}) and closed right after the last checkpoint that ends a
 * flush: its header is rewritten so that the size ends there, the constant pool and metadata
 * positions name the last complete checkpoint and metadata event before it, and the chunk is
 * marked finished. Events written after that checkpoint are dropped: the constants they refer to
 * (threads, stack traces, classes) were to be written at the next flush, which never reached the
 * file. Each repaired chunk is then read back with the JDK's parser under a time budget; if that
 * fails, the repair falls back to the flush before.
 */
public final class TruncatedChunkRepair {

    private static final int MAX_ATTEMPTS = 3;

    private final TimeBudget verifyBudget;

    /** @param verifyBudget time allowed for reading back each repaired chunk */
    public TruncatedChunkRepair(TimeBudget verifyBudget) {
        this.verifyBudget = verifyBudget;
    }

    /**
     * Writes the repaired copy of {@code layout.file()} to {@code target} (replaced if present).
     *
     * @throws RecordingInputException {@link ProblemKind#IO_ERROR} when reading or writing fails
     */
    public RepairReport repair(RecordingLayout layout, Path target) throws RecordingInputException {
        Path source = layout.file();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            int copied = 0;
            List<ChunkRecovery> repairs = new ArrayList<>();
            for (ChunkInfo chunk : layout.chunks()) {
                if (chunk.state() == ChunkState.COMPLETE) {
                    transfer(in, chunk.offset(), chunk.extent(), out);
                    copied++;
                } else {
                    repairs.add(repairChunk(source, in, chunk, layout.chunks().size(), target, out));
                }
            }
            return new RepairReport(source, target, copied, repairs, layout.leftover(), out.size());
        } catch (IOException e) {
            throw new RecordingInputException(ProblemKind.IO_ERROR, source,
                    Messages.ioError(source, "writing a repaired copy to " + target, e.getMessage()), e);
        }
    }

    private ChunkRecovery repairChunk(Path source, FileChannel in, ChunkInfo chunk, int chunkCount, Path target,
                                      FileChannel out) throws IOException {
        ChunkWalker.Scan scan = ChunkWalker.walk(in, chunk);
        List<ChunkWalker.EndPoint> candidates = scan.endPoints();
        String failure = candidates.isEmpty()
                ? "no flush was complete before " + (scan.stop() == ChunkRecovery.Stop.BAD_RECORD
                        ? "the damaged data" : "the data ends")
                : null;
        Path work = Files.createTempFile(target.toAbsolutePath().getParent(), "chunk-", ".jfr");
        try {
            for (int i = candidates.size() - 1, attempts = 0; i >= 0 && attempts < MAX_ATTEMPTS; i--, attempts++) {
                ChunkWalker.EndPoint end = candidates.get(i);
                ByteBuffer header = header(in, chunk, end);
                writeChunk(in, chunk, header, end.end(), work);
                try {
                    long events = verify(source, work, chunk, chunkCount);
                    try (FileChannel repaired = FileChannel.open(work, StandardOpenOption.READ)) {
                        transfer(repaired, 0, end.end(), out);
                    }
                    return recovery(chunk, chunkCount, scan, end.end(), events, scan.events() - end.eventsBefore(),
                            Optional.of(Instant.ofEpochSecond(0, epochNanos(header, end.ticks()))), null);
                } catch (RecordingInputException e) {
                    if (e.kind() == ProblemKind.TIMED_OUT) {
                        failure = "the JDK's parser did not finish reading it within "
                                + Numbers.duration(verifyBudget.limit());
                        break;
                    }
                    failure = "the JDK's parser rejects it (" + (e.getCause() == null
                            ? e.getMessage() : TimeBudget.reason(e.getCause())) + ")";
                }
            }
        } finally {
            Files.deleteIfExists(work);
        }
        return recovery(chunk, chunkCount, scan, 0, 0, scan.events(), Optional.empty(), failure);
    }

    private static ChunkRecovery recovery(ChunkInfo chunk, int chunkCount, ChunkWalker.Scan scan, long kept,
                                          long events, long dropped, Optional<Instant> until, String failure) {
        return new ChunkRecovery(chunk.index(), chunkCount, chunk.offset(), chunk.state(), chunk.declaredSize(),
                chunk.extent(), scan.recordsEnd(), scan.stop(), scan.stopDetail(), kept, events, dropped,
                chunk.start(), until, Optional.ofNullable(failure));
    }

    /**
     * The header of the repaired chunk: the one the JVM kept in the closing checkpoint when there is
     * one (it is the header the JVM itself wrote at that flush), else the chunk's own; with size,
     * positions and duration of the end point, marked finished.
     */
    private static ByteBuffer header(FileChannel in, ChunkInfo chunk, ChunkWalker.EndPoint end) throws IOException {
        ByteBuffer own = ByteBuffer.allocate(ChunkInfo.HEADER_SIZE);
        ChunkIndex.readFully(in, own, chunk.offset());
        ByteBuffer header = own;
        boolean embedded = false;
        if (end.embeddedHeader() != null) {
            ByteBuffer kept = ByteBuffer.wrap(end.embeddedHeader().clone());
            if (kept.getInt(4) == own.getInt(4) && kept.getLong(56) > 0 && kept.getLong(40) >= 0) {
                header = kept;
                embedded = true;
            }
        }
        header.putLong(8, end.end());
        header.putLong(16, end.constantPoolOffset());
        header.putLong(24, end.metadataOffset());
        long startTicks = header.getLong(48);
        long ticksPerSecond = header.getLong(56);
        if (!embedded && ticksPerSecond > 0 && end.ticks() >= startTicks) {
            header.putLong(40, (long) ((end.ticks() - startTicks) / (ticksPerSecond / 1_000_000_000.0)));
        }
        header.put(64, (byte) ChunkInfo.GENERATION_FINISHED);
        header.put(65, (byte) 0);
        return header.clear();
    }

    private static long epochNanos(ByteBuffer header, long ticks) {
        long startNanos = header.getLong(32);
        long startTicks = header.getLong(48);
        long ticksPerSecond = header.getLong(56);
        if (ticksPerSecond <= 0) {
            return startNanos;
        }
        return startNanos + (long) ((ticks - startTicks) / (ticksPerSecond / 1_000_000_000.0));
    }

    private static void writeChunk(FileChannel in, ChunkInfo chunk, ByteBuffer header, long size, Path work)
            throws IOException {
        try (FileChannel out = FileChannel.open(work, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (header.hasRemaining()) {
                out.write(header);
            }
            transfer(in, chunk.offset() + ChunkInfo.HEADER_SIZE, size - ChunkInfo.HEADER_SIZE, out);
        }
    }

    /** Reads the repaired chunk with the JDK's parser and returns how many events it has. */
    private long verify(Path source, Path chunkFile, ChunkInfo chunk, int chunkCount) throws RecordingInputException {
        String activity = "reading back repaired chunk " + (chunk.index() + 1) + " of " + chunkCount;
        return verifyBudget.run(source, activity, progress -> {
            progress.counting("events");
            // EventStream, not RecordingFile: its constructor does not parse, so it can be registered
            // for closing before the parse starts.
            try (EventStream stream = progress.closeOnExpiry(EventStream.openFile(chunkFile))) {
                stream.setOrdered(false);
                stream.onEvent(event -> progress.advance());
                stream.start();
            }
            return progress.count();
        });
    }

    private static void transfer(FileChannel from, long position, long count, FileChannel to) throws IOException {
        long done = 0;
        while (done < count) {
            long n = from.transferTo(position + done, count - done, to);
            if (n <= 0) {
                throw new IOException("could not copy bytes " + (position + done) + ".." + (position + count)
                        + " (the file got shorter while being read?)");
            }
            done += n;
        }
    }
}
