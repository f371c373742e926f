package io.maprace.heapdump.hprof;

/** The file is not a readable HPROF dump; {@link #kind()} says how. */
public final class DumpFormatException extends RuntimeException {

    /** How a dump is unreadable. */
    public enum Kind {
        /** Zero bytes. */
        EMPTY,
        /** No HPROF header. */
        NOT_HPROF,
        /** It ends inside a record. */
        TRUNCATED,
        /** A record or value that cannot be (an unknown tag, a length past its segment, a size that disagrees). */
        CORRUPT
    }

    private final Kind kind;
    private final long position;

    public DumpFormatException(Kind kind, long position, String message) {
        super(message);
        this.kind = kind;
        this.position = position;
    }

    public Kind kind() {
        return kind;
    }

    /** The byte offset where the problem was found. */
    public long position() {
        return position;
    }
}
