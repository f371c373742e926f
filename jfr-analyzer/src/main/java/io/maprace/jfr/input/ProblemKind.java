package io.maprace.jfr.input;

/**
 * What is wrong with an input recording. The same kind can be a warning (listed in
 * {@link OpenedRecording#problems()}) or the reason the analysis cannot go on (carried by a
 * {@link RecordingInputException}); the CLI maps each kind to its own exit code.
 */
public enum ProblemKind {
    /** The path does not exist. */
    NOT_FOUND,
    /** The path exists but cannot be read: permissions, a directory, an I/O error on read. */
    UNREADABLE,
    /** The file has 0 bytes (typical of a {@code filename=} target after the JVM was killed). */
    EMPTY,
    /** The file does not start with the JFR magic bytes. */
    NOT_JFR,
    /** A JFR file in a format version this tool does not read. */
    UNSUPPORTED_VERSION,
    /** The last chunk is cut: the file ends before the chunk's declared end. */
    TRUNCATED,
    /** A chunk was never finished: copied from a live repository, or left by a JVM that died. */
    UNFINISHED,
    /** Bytes after the last chunk that are not a chunk. */
    TRAILING_GARBAGE,
    /** Inconsistent content: a damaged header, a record that cannot be, a parser that failed. */
    CORRUPT,
    /** A parse or walk did not end within its time budget. */
    TIMED_OUT,
    /** Reading or writing failed for a reason that is not the recording's fault (disk full...). */
    IO_ERROR
}
