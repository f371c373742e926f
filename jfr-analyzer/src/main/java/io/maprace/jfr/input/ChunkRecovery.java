package io.maprace.jfr.input;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the repair made of one chunk that was cut, unfinished or damaged.
 *
 * @param chunkIndex      0-based index of the chunk in the file
 * @param chunkCount      number of chunks the file has (the index's), for messages
 * @param chunkOffset     file offset of the chunk
 * @param state           what the chunk index found
 * @param declaredSize    size the chunk's header declares
 * @param bytesInFile     bytes of the file that belong to the chunk
 * @param readableUntil   chunk-relative offset where readable records end: the cut, or a bad record
 * @param stop            why the records end there
 * @param stopDetail      the record-level reason, for people
 * @param bytesKept       size of the repaired chunk (0 when nothing could be kept)
 * @param eventsRecovered events the JDK's parser reads from the repaired chunk
 * @param eventsDropped   complete event records after the kept part (their constants never reached the
 *                        file); the record that was cut is not counted
 * @param start           when the chunk started
 * @param recoveredUntil  time of the last flush kept, when something was kept
 * @param failure         why nothing was kept, when nothing was
 */
public record ChunkRecovery(
        int chunkIndex,
        int chunkCount,
        long chunkOffset,
        ChunkState state,
        long declaredSize,
        long bytesInFile,
        long readableUntil,
        Stop stop,
        String stopDetail,
        long bytesKept,
        long eventsRecovered,
        long eventsDropped,
        Instant start,
        Optional<Instant> recoveredUntil,
        Optional<String> failure) {

    /** Why the readable records of a chunk end where they do. */
    public enum Stop {
        /** At the end of the chunk's bytes: nothing is cut (an unfinished chunk, a damaged header). */
        END_OF_DATA,
        /** The last record is cut. */
        PARTIAL_RECORD,
        /** A record that cannot be (damaged bytes). */
        BAD_RECORD
    }

    public boolean recovered() {
        return bytesKept > 0;
    }

    public long bytesDropped() {
        return bytesInFile - bytesKept;
    }

    public Duration recoveredSpan() {
        return recoveredUntil.map(until -> Duration.between(start, until)).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }
}
