package io.maprace.jfr.chunk;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Metadata already read from other chunks of a file. A JVM writes the whole metadata into every chunk, and it
 * changes only when new event types appear, so a chunk's metadata is usually byte for byte the one before: such
 * bytes are compared (a fast array comparison) instead of parsed again. Shared by the threads decoding chunks.
 */
public final class MetadataCache {

    private static final int KEPT = 4;

    private record Entry(byte[] bytes, ChunkMetadata metadata) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /**
     * The metadata of the record at {@code at}: the input is left after its header (size, type id), and after the
     * whole record when it was parsed.
     */
    ChunkMetadata read(ChunkInput in, int at) throws ChunkFormatException {
        in.position(at);
        long size = in.readLong();
        if (size <= 0 || size > in.size() - at) {
            throw new ChunkFormatException("metadata at " + at + " has size " + size);
        }
        if (in.readLong() != 0) {
            throw new ChunkFormatException("no metadata at " + at);
        }
        int from = in.position();
        in.readLong(); // start time
        in.readLong(); // duration
        in.readLong(); // metadata id
        // The types start after the record's own time and id, which differ from chunk to chunk.
        int typesFrom = in.position();
        int to = (int) (at + size);
        byte[] bytes = in.bytes();
        synchronized (entries) {
            for (Entry e : entries) {
                if (Arrays.equals(e.bytes, 0, e.bytes.length, bytes, typesFrom, to)) {
                    return e.metadata;
                }
            }
        }
        in.position(from);
        ChunkMetadata parsed = ChunkMetadata.read(in);
        synchronized (entries) {
            entries.addFirst(new Entry(Arrays.copyOfRange(bytes, typesFrom, to), parsed));
            if (entries.size() > KEPT) {
                entries.removeLast();
            }
        }
        return parsed;
    }
}
