package io.maprace.jfr.chunk;

/**
 * JFR's string values: an encoding byte, then nothing (0: null, 1: empty), a key into the string constant pool
 * (2), or a length and UTF-8 bytes (3), chars (4) or Latin-1 bytes (5).
 */
final class Strings {

    private static final int NULL = 0;
    private static final int EMPTY = 1;
    private static final int CONSTANT_POOL = 2;
    private static final int UTF8 = 3;
    private static final int CHARS = 4;
    private static final int LATIN1 = 5;

    private Strings() {
    }

    /** Where a string value refers to the string constant pool. */
    interface Pool {
        String string(long key) throws ChunkFormatException;
    }

    /** A string that may not refer to a pool (the metadata's own string table). */
    static String readInline(ChunkInput in) throws ChunkFormatException {
        return read(in, key -> {
            throw new ChunkFormatException("metadata string refers to a constant pool");
        });
    }

    static String read(ChunkInput in, Pool pool) throws ChunkFormatException {
        int encoding = in.u1();
        switch (encoding) {
            case NULL: return null;
            case EMPTY: return "";
            case CONSTANT_POOL: return pool.string(in.readLong());
            case UTF8: return in.readBytesAsString(false);
            case CHARS: return in.readCharsAsString();
            case LATIN1: return in.readBytesAsString(true);
            default: throw new ChunkFormatException("unknown string encoding " + encoding + " at " + (in.position() - 1));
        }
    }

    static void skip(ChunkInput in) throws ChunkFormatException {
        int encoding = in.u1();
        switch (encoding) {
            case NULL:
            case EMPTY:
                return;
            case CONSTANT_POOL:
                in.readLong();
                return;
            case UTF8:
            case LATIN1:
                in.skip(in.readCount());
                return;
            case CHARS: {
                int n = in.readCount();
                for (int i = 0; i < n; i++) {
                    in.readChar();
                }
                return;
            }
            default: throw new ChunkFormatException("unknown string encoding " + encoding + " at " + (in.position() - 1));
        }
    }
}
