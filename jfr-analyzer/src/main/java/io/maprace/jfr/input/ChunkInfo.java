package io.maprace.jfr.input;

import java.time.Duration;
import java.time.Instant;

/**
 * One chunk of a recording, as its header describes it. Offsets of the constant pool and metadata
 * are relative to the chunk start, as in the header; everything else is absolute.
 *
 * @param index         0-based position of the chunk in the file
 * @param offset        file offset of the chunk's first byte
 * @param declaredSize  chunk size written in the header (as of the last flush if unfinished)
 * @param extent        bytes of the file that belong to this chunk (may differ from
 *                      {@code declaredSize} when the chunk is cut, unfinished or damaged)
 * @param generation    the header's file-state byte: 0 when finished, 255 while the JVM updates it,
 *                      otherwise a counter of flushes
 * @param flags         the header's flag bits (bit 0: compressed integers, bit 1: final chunk)
 */
public record ChunkInfo(
        int index,
        long offset,
        long declaredSize,
        long extent,
        int majorVersion,
        int minorVersion,
        long startNanos,
        long declaredDurationNanos,
        long startTicks,
        long ticksPerSecond,
        long constantPoolOffset,
        long metadataOffset,
        int generation,
        int flags,
        ChunkState state) {

    public static final int HEADER_SIZE = 68;
    static final int GENERATION_FINISHED = 0;
    static final int GENERATION_UPDATING = 255;
    static final int FLAG_COMPRESSED_INTEGERS = 1;
    static final int FLAG_FINAL_CHUNK = 2;

    public boolean finished() {
        return generation == GENERATION_FINISHED;
    }

    public boolean compressedIntegers() {
        return (flags & FLAG_COMPRESSED_INTEGERS) != 0;
    }

    public boolean finalChunk() {
        return (flags & FLAG_FINAL_CHUNK) != 0;
    }

    /** File offset just past the chunk's last byte present in the file. */
    public long end() {
        return offset + extent;
    }

    public String version() {
        return majorVersion + "." + minorVersion;
    }

    public Instant start() {
        return Instant.ofEpochSecond(0, startNanos);
    }

    public Duration declaredDuration() {
        return Duration.ofNanos(Math.max(0, declaredDurationNanos));
    }
}
