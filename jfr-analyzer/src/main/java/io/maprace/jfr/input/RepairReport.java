package io.maprace.jfr.input;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TruncatedChunkRepair} wrote: complete chunks copied as they were, repaired chunks, and
 * what was left out.
 *
 * @param source         the damaged file
 * @param target         the repaired copy
 * @param chunksCopied   complete chunks copied unchanged
 * @param repairs        one entry per chunk that needed repair, kept or not
 * @param leftover       bytes after the last chunk that were left out
 * @param bytesWritten   size of the repaired copy
 */
public record RepairReport(Path source, Path target, int chunksCopied, List<ChunkRecovery> repairs,
                           Optional<RecordingLayout.Leftover> leftover, long bytesWritten) {

    public RepairReport {
        repairs = List.copyOf(repairs);
    }

    /** Chunks in the repaired copy. */
    public int chunksKept() {
        return chunksCopied + (int) repairs.stream().filter(ChunkRecovery::recovered).count();
    }

    public long eventsRecovered() {
        return repairs.stream().mapToLong(ChunkRecovery::eventsRecovered).sum();
    }
}
