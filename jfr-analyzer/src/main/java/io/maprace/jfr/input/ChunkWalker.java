package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

import io.maprace.jfr.input.ChunkRecovery.Stop;

/**
 * Walks the records of one chunk linearly from its header, trusting nothing in the header but the
 * start: each record begins with its size (a compressed integer) and its type id; type 0 is the
 * metadata event, type 1 a checkpoint (constant pools), anything else an event.
 *
 * <p>A checkpoint's payload starts with its timestamp, duration, the delta from its own offset to
 * the previous checkpoint's (0 for the first), and its type bits: FLUSH (1) when it closes a flush
 * segment, HEADER (2) when it carries a copy of the chunk header as of that point. A JVM that
 * streams (JDK 14+) ends every flush with a FLUSH|HEADER checkpoint, after the metadata, events
 * and constants of that flush, and ends a finished chunk with a HEADER checkpoint. Those are the
 * points where the chunk can be closed: every event before one has its constants in the
 * checkpoints before it.
 */
final class ChunkWalker {

    static final int CHECKPOINT_FLUSH = 1;
    static final int CHECKPOINT_HEADER = 2;
    private static final int WINDOW = 1 << 16;

    /**
     * A point where the chunk can end: just after a checkpoint that closes a flush (or the chunk).
     * Offsets are relative to the chunk start.
     *
     * @param embeddedHeader the chunk header the JVM wrote into the checkpoint, or null
     * @param closesChunk    true for the checkpoint that finished the chunk (HEADER without FLUSH)
     */
    record EndPoint(long end, long constantPoolOffset, long metadataOffset, long ticks, long eventsBefore,
                    byte[] embeddedHeader, boolean closesChunk) {
    }

    /** What the walk found; offsets relative to the chunk start. */
    record Scan(List<EndPoint> endPoints, long recordsEnd, long events, Stop stop, String stopDetail) {
        EndPoint last() {
            return endPoints.isEmpty() ? null : endPoints.get(endPoints.size() - 1);
        }
    }

    private ChunkWalker() {
    }

    static Scan walk(FileChannel channel, ChunkInfo chunk) throws IOException {
        return walk(channel, chunk.offset(), chunk.end());
    }

    /**
     * Walks the records of the chunk starting at {@code start}, up to {@code limit} or up to the
     * checkpoint that finished the chunk, whichever comes first.
     */
    static Scan walk(FileChannel channel, long start, long limit) throws IOException {
        ByteWindow in = new ByteWindow(channel, limit, WINDOW);
        List<EndPoint> endPoints = new ArrayList<>();
        long position = start + ChunkInfo.HEADER_SIZE;
        long events = 0;
        long lastMetadata = 0;
        long lastCheckpoint = 0;
        Stop stop = Stop.END_OF_DATA;
        String detail = "";
        try {
            while (position < limit) {
                long relative = position - start;
                in.position(position);
                long size;
                try {
                    size = in.varLong();
                } catch (ByteWindow.OutOfData e) {
                    stop = Stop.PARTIAL_RECORD;
                    detail = "the size of the record at byte " + relative + " is cut";
                    break;
                }
                if (size <= 0) {
                    stop = Stop.BAD_RECORD;
                    detail = "the record at byte " + relative + " has size " + size;
                    break;
                }
                long recordEnd = position + size;
                if (recordEnd > limit || recordEnd < 0) {
                    stop = Stop.PARTIAL_RECORD;
                    detail = "the record at byte " + relative + " needs " + size + " bytes, "
                            + (limit - position) + " are left";
                    break;
                }
                long type = in.varLong();
                if (type == ChunkIndex.METADATA_TYPE) {
                    lastMetadata = relative;
                } else if (type == ChunkIndex.CHECKPOINT_TYPE) {
                    long ticks = in.varLong();
                    in.varLong(); // duration
                    long delta = in.varLong();
                    int kind = (int) in.varLong();
                    long expected = lastCheckpoint == 0 ? 0 : lastCheckpoint - relative;
                    if (delta != expected) {
                        stop = Stop.BAD_RECORD;
                        detail = "the checkpoint at byte " + relative + " links to byte " + (relative + delta)
                                + ", not to the previous checkpoint at byte " + lastCheckpoint;
                        break;
                    }
                    byte[] embedded = null;
                    if ((kind & CHECKPOINT_HEADER) != 0) {
                        embedded = embeddedHeader(in);
                        if (embedded != null && !agrees(embedded, relative, size)) {
                            stop = Stop.BAD_RECORD;
                            detail = "the chunk header kept in the checkpoint at byte " + relative
                                    + " does not describe that checkpoint";
                            break;
                        }
                    }
                    if (in.position() > recordEnd) {
                        stop = Stop.BAD_RECORD;
                        detail = "the checkpoint at byte " + relative + " runs past its size " + size;
                        break;
                    }
                    lastCheckpoint = relative;
                    boolean closes = kind == CHECKPOINT_HEADER;
                    if ((kind & (CHECKPOINT_FLUSH | CHECKPOINT_HEADER)) != 0 && lastMetadata != 0) {
                        endPoints.add(new EndPoint(relative + size, relative, lastMetadata, ticks, events, embedded,
                                closes));
                    }
                    if (closes) {
                        // The chunk ends here whatever its header says; another chunk may follow.
                        position = recordEnd;
                        break;
                    }
                } else {
                    events++;
                }
                if (in.position() > recordEnd) {
                    stop = Stop.BAD_RECORD;
                    detail = "the record at byte " + relative + " runs past its size " + size;
                    break;
                }
                position = recordEnd;
            }
        } catch (ByteWindow.OutOfData e) {
            // Only reachable when a record's own fields run into the end of the data.
            stop = Stop.BAD_RECORD;
            detail = "the record at byte " + (position - start) + " runs past the end of the data";
        }
        return new Scan(List.copyOf(endPoints), position - start, events, stop, detail);
    }

    /**
     * The 68 header bytes a HEADER checkpoint carries in its single pool (one constant whose value is
     * a byte array), or null if the checkpoint is not laid out that way.
     */
    private static byte[] embeddedHeader(ByteWindow in) throws IOException, ByteWindow.OutOfData {
        long pools = in.varLong();
        if (pools != 1) {
            return null;
        }
        in.varLong(); // type id of the chunk header pool
        long constants = in.varLong();
        if (constants != 1) {
            return null;
        }
        in.varLong(); // key
        long length = in.varLong();
        if (length != ChunkInfo.HEADER_SIZE) {
            return null;
        }
        byte[] header = new byte[ChunkInfo.HEADER_SIZE];
        in.read(header);
        return ChunkIndex.magicPrefixMatches(header, header.length) ? header : null;
    }

    /** The kept header must end the chunk right after this checkpoint, and name it as the last one. */
    private static boolean agrees(byte[] header, long checkpoint, long size) {
        ByteBuffer h = ByteBuffer.wrap(header);
        return h.getLong(8) == checkpoint + size && h.getLong(16) == checkpoint;
    }
}
