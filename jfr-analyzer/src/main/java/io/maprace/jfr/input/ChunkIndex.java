package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the chunks of a recording by reading their headers, seeking from one chunk to the next: no
 * event is parsed, so this is cheap on any size of file. Only a chunk whose header contradicts the
 * file (a size past the end of the file, positions that hold no such record) has its records
 * walked, to find where it really ends.
 *
 * <p>Header layout (big-endian, 68 bytes): magic {@code FLR\0}; major and minor version (u2 each);
 * chunk size, constant pool offset, metadata offset, start (epoch ns), duration (ns), start ticks,
 * ticks per second (u8 each); at 64 the file state (0 = finished, 255 = being updated, else a flush
 * counter) and a pad byte; at 66 the flags (u2). A running JVM rewrites size, offsets, duration and
 * state at every flush.
 */
public final class ChunkIndex {

    static final byte[] MAGIC = {'F', 'L', 'R', 0};
    private static final int RECORD_PROBE = 32;
    static final long METADATA_TYPE = 0;
    static final long CHECKPOINT_TYPE = 1;
    /** A metadata record describes every event type of the JVM: kilobytes, never a few bytes. */
    private static final long MIN_METADATA_SIZE = 256;

    private ChunkIndex() {
    }

    /**
     * Reads the chunk headers of {@code file}.
     *
     * @throws RecordingInputException when the file is missing, unreadable, empty, not JFR, or of an
     *                                 unsupported version
     */
    public static RecordingLayout read(Path file) throws RecordingInputException {
        if (Files.isDirectory(file)) {
            throw new RecordingInputException(ProblemKind.UNREADABLE, file, Messages.directory(file));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        } catch (NoSuchFileException e) {
            throw new RecordingInputException(ProblemKind.NOT_FOUND, file, Messages.notFound(file));
        } catch (AccessDeniedException e) {
            throw new RecordingInputException(ProblemKind.UNREADABLE, file, Messages.unreadable(file, "permission denied"));
        } catch (IOException e) {
            throw new RecordingInputException(ProblemKind.UNREADABLE, file, Messages.unreadable(file, e.getMessage()));
        }
    }

    static RecordingLayout read(Path file, FileChannel channel) throws IOException, RecordingInputException {
        long fileSize = channel.size();
        if (fileSize == 0) {
            throw new RecordingInputException(ProblemKind.EMPTY, file, Messages.empty(file));
        }
        List<ChunkInfo> chunks = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(ChunkInfo.HEADER_SIZE);
        long position = 0;
        while (position < fileSize) {
            int index = chunks.size();
            int length = readFully(channel, header, position);
            byte[] head = header.array();
            if (!magicPrefixMatches(head, length)) {
                if (index == 0) {
                    throw new RecordingInputException(ProblemKind.NOT_JFR, file, Messages.notJfr(file, head, length));
                }
                return layout(file, fileSize, chunks, new RecordingLayout.Leftover(position, fileSize - position,
                        RecordingLayout.Leftover.Kind.GARBAGE,
                        "bytes that are not a chunk, starting with " + Messages.describeBytes(head, length)));
            }
            if (length < ChunkInfo.HEADER_SIZE) {
                return layout(file, fileSize, chunks, new RecordingLayout.Leftover(position, length,
                        RecordingLayout.Leftover.Kind.PARTIAL_HEADER,
                        "the first " + length + " bytes of a chunk header"));
            }
            int major = header.getShort(4) & 0xffff;
            int minor = header.getShort(6) & 0xffff;
            if (major != 1 && major != 2) {
                if (index == 0) {
                    throw new RecordingInputException(ProblemKind.UNSUPPORTED_VERSION, file,
                            Messages.unsupportedVersion(file, major, minor));
                }
                return layout(file, fileSize, chunks, new RecordingLayout.Leftover(position, fileSize - position,
                        RecordingLayout.Leftover.Kind.GARBAGE, "a chunk of unsupported format " + major + "." + minor));
            }
            ChunkInfo chunk = classify(channel, index, position, fileSize, header, major, minor);
            chunks.add(chunk);
            position = chunk.end();
        }
        return layout(file, fileSize, chunks, null);
    }

    private static RecordingLayout layout(Path file, long fileSize, List<ChunkInfo> chunks,
                                          RecordingLayout.Leftover leftover) {
        return new RecordingLayout(file, fileSize, chunks, Optional.ofNullable(leftover));
    }

    private static ChunkInfo classify(FileChannel channel, int index, long offset, long fileSize, ByteBuffer h,
                                      int major, int minor) throws IOException {
        long size = h.getLong(8);
        long constantPool = h.getLong(16);
        long metadata = h.getLong(24);
        long startNanos = h.getLong(32);
        long duration = h.getLong(40);
        long startTicks = h.getLong(48);
        long ticksPerSecond = h.getLong(56);
        int generation = h.get(64) & 0xff;
        int flags = h.getShort(66) & 0xffff;
        long remaining = fileSize - offset;

        ChunkState state;
        long extent;
        if (generation == ChunkInfo.GENERATION_UPDATING) {
            // Copied while the JVM was rewriting the header: size and offsets may be a mix of two flushes.
            state = ChunkState.UNFINISHED;
            extent = remaining;
        } else if (size < ChunkInfo.HEADER_SIZE || size > remaining) {
            // Cut, or a damaged size: only the records can tell.
            long closed = closingEnd(channel, offset, fileSize);
            if (closed > 0) {
                state = ChunkState.DAMAGED;
                extent = closed;
            } else {
                state = size < ChunkInfo.HEADER_SIZE ? ChunkState.DAMAGED : ChunkState.TRUNCATED;
                extent = remaining;
            }
        } else if (generation != ChunkInfo.GENERATION_FINISHED) {
            state = ChunkState.UNFINISHED;
            // Bytes after the declared size were written after the last header update, unless another
            // chunk starts there.
            extent = size == remaining || magicAt(channel, offset + size, fileSize) ? size : remaining;
        } else {
            Ticks span = Ticks.of(startTicks, duration, ticksPerSecond);
            boolean consistent = ticksPerSecond > 0
                    && (major != 2 || recordAt(channel, offset, size, constantPool, CHECKPOINT_TYPE, 1, span)
                    && recordAt(channel, offset, size, metadata, METADATA_TYPE, MIN_METADATA_SIZE, span));
            if (consistent) {
                state = ChunkState.COMPLETE;
                extent = size;
            } else {
                state = ChunkState.DAMAGED;
                long closed = closingEnd(channel, offset, fileSize);
                extent = closed > 0 ? closed
                        : size == remaining || magicAt(channel, offset + size, fileSize) ? size : remaining;
            }
        }
        return new ChunkInfo(index, offset, size, extent, major, minor, startNanos, duration, startTicks,
                ticksPerSecond, constantPool, metadata, generation, flags, state);
    }

    /**
     * Where the chunk at {@code offset} really ends when its header cannot say: just after the
     * checkpoint that finished it, found by walking its records; 0 when there is none.
     */
    private static long closingEnd(FileChannel channel, long offset, long fileSize) throws IOException {
        ChunkWalker.EndPoint last = ChunkWalker.walk(channel, offset, fileSize).last();
        return last != null && last.closesChunk() ? last.end() : 0;
    }

    /**
     * The ticks a chunk's records may carry, from its header: not before its start (a millisecond of slack), and
     * not later than a second after its end. Ticks count from the JVM's start, so small values are real ones.
     */
    private record Ticks(long from, long to) {
        static Ticks of(long startTicks, long durationNanos, long ticksPerSecond) {
            long perSecond = Math.max(ticksPerSecond, 0);
            double seconds = Math.max(durationNanos, 0) / 1e9;
            return new Ticks(startTicks - perSecond / 1000, startTicks + (long) (seconds * perSecond) + perSecond);
        }

        boolean contains(long ticks) {
            return ticks >= from && ticks <= to;
        }
    }

    /**
     * Whether a record of this type and at least this size starts at {@code relative} in the chunk, stamped within
     * the chunk's time, and ends where the chunk ends or another record starts. A damaged offset lands inside some
     * record, where a byte that reads as a size and a zero after it would pass for the type alone; a time read
     * from the wrong bytes seldom falls in the chunk's span.
     */
    private static boolean recordAt(FileChannel channel, long chunkStart, long chunkSize, long relative, long type,
                                    long minSize, Ticks span) throws IOException {
        long size = recordSize(channel, chunkStart, chunkSize, relative, type, span);
        if (size < minSize) {
            return false;
        }
        long next = relative + size;
        return next == chunkSize || recordSize(channel, chunkStart, chunkSize, next, -1, null) > 0;
    }

    /**
     * The size of the record at {@code relative} if it fits the chunk, has this type (-1: any) and, when a span
     * is given, a start time within it; -1 otherwise.
     */
    private static long recordSize(FileChannel channel, long chunkStart, long chunkSize, long relative, long type,
                                   Ticks span) throws IOException {
        if (relative < ChunkInfo.HEADER_SIZE || relative >= chunkSize) {
            return -1;
        }
        ByteWindow window = new ByteWindow(channel, chunkStart + chunkSize, RECORD_PROBE);
        window.position(chunkStart + relative);
        try {
            long size = window.varLong();
            if (size <= 0 || size > chunkSize - relative) {
                return -1;
            }
            long actual = window.varLong();
            if (type >= 0 && actual != type) {
                return -1;
            }
            return span == null || span.contains(window.varLong()) ? size : -1;
        } catch (ByteWindow.OutOfData e) {
            return -1;
        }
    }

    private static boolean magicAt(FileChannel channel, long position, long fileSize) throws IOException {
        if (position + MAGIC.length > fileSize) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length);
        return readFully(channel, buffer, position) == MAGIC.length && magicPrefixMatches(buffer.array(), MAGIC.length);
    }

    static boolean magicPrefixMatches(byte[] head, int length) {
        int n = Math.min(length, MAGIC.length);
        for (int i = 0; i < n; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return n > 0;
    }

    /** Reads up to the buffer's capacity at {@code position}; returns how many bytes were read. */
    static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        buffer.clear();
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return buffer.position();
    }
}
