package io.maprace.jfr.input;

/** What a chunk header says about its chunk, checked against the bytes the file has. */
public enum ChunkState {
    /** Finished, all its bytes present, constant pool and metadata where the header says. */
    COMPLETE,
    /**
     * Never finished: the header describes the chunk as of its last flush (a repository chunk of a
     * running or killed JVM). Bytes written after that flush may follow.
     */
    UNFINISHED,
    /** The file ends before the end the header declares. */
    TRUNCATED,
    /** The header contradicts the data (impossible size, positions that hold no such record). */
    DAMAGED
}
