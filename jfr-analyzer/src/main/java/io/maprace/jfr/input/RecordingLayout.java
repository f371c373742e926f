package io.maprace.jfr.input;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chunks of a recording file, read from their headers alone, and what follows the last one.
 *
 * @param leftover bytes after the last chunk that are not a chunk: a chunk header cut short, or
 *                 data that is not JFR at all
 */
public record RecordingLayout(Path file, long fileSize, List<ChunkInfo> chunks, Optional<Leftover> leftover) {

    public RecordingLayout {
        Objects.requireNonNull(file, "file");
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(leftover, "leftover");
    }

    /** Bytes after the last chunk. */
    public record Leftover(long offset, long length, Kind kind, String description) {
        public enum Kind {
            /** The start of a chunk header with fewer than 68 bytes: the file was cut there. */
            PARTIAL_HEADER,
            /** Bytes that do not start with the JFR magic, or a chunk this tool cannot read. */
            GARBAGE
        }
    }

    /** True when the JDK's parser cannot read the file as it is. */
    public boolean needsRepair() {
        return leftover.isPresent() || chunks.stream().anyMatch(c -> c.state() != ChunkState.COMPLETE);
    }
}
