package io.maprace.jfr.chunk;

import java.nio.charset.StandardCharsets;

/**
 * Reads JFR values from one chunk's bytes, never past the chunk's end: running into it is a
 * {@link ChunkFormatException}, so a damaged size or count can stop a read but never make it run on.
 *
 * <p>Integers (short, char, int, long) are compressed when the chunk header's flag says so: 7 bits per byte, least
 * significant group first, the high bit set when another byte follows, the 9th byte with 8 bits. Otherwise they
 * are big-endian of their natural width. Bytes and booleans are always one byte; floats and doubles big-endian.
 */
final class ChunkInput {

    private final byte[] bytes;
    private final int end;
    private final boolean compressed;
    private int position;

    /**
     * @param bytes      the chunk, its first byte at index 0
     * @param size       the chunk's size, at most {@code bytes.length}
     * @param compressed whether the chunk's integers are compressed
     */
    ChunkInput(byte[] bytes, int size, boolean compressed) {
        this.bytes = bytes;
        this.end = size;
        this.compressed = compressed;
    }

    int position() {
        return position;
    }

    int size() {
        return end;
    }

    void position(long p) throws ChunkFormatException {
        if (p < 0 || p > end) {
            throw new ChunkFormatException("position " + p + " outside the chunk (" + end + " bytes)");
        }
        position = (int) p;
    }

    int u1() throws ChunkFormatException {
        if (position >= end) {
            throw pastEnd();
        }
        return bytes[position++] & 0xff;
    }

    byte[] bytes() {
        return bytes;
    }

    long readLong() throws ChunkFormatException {
        // Keys and small numbers take one byte: that case stays small enough to be inlined everywhere.
        int p = position;
        if (compressed && p < end) {
            byte b = bytes[p];
            if (b >= 0) {
                position = p + 1;
                return b;
            }
        }
        return readLongBytes();
    }

    private long readLongBytes() throws ChunkFormatException {
        if (!compressed) {
            return fixed(8);
        }
        if (end - position >= 9) {
            // Away from the end no byte needs a bounds check of its own.
            long value = 0;
            int p = position;
            for (int i = 0; i < 8; i++) {
                int b = bytes[p++];
                value |= (b & 0x7FL) << (7 * i);
                if (b >= 0) {
                    position = p;
                    return value;
                }
            }
            position = p + 1;
            return value | ((bytes[p] & 0xFFL) << 56);
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int b = u1();
            value |= (b & 0x7FL) << (7 * i);
            if (b < 0x80) {
                return value;
            }
        }
        return value | ((long) u1() << 56);
    }

    /** Skips an integer of the given width (2, 4 or 8 bytes when not compressed) without decoding it. */
    void skipInteger(int width) throws ChunkFormatException {
        if (!compressed) {
            skip(width);
            return;
        }
        int p = position;
        if (end - p >= 9) {
            // As readLong: at most 8 bytes with the high bit set, then a 9th of 8 bits.
            int limit = p + 8;
            while (p < limit && bytes[p] < 0) {
                p++;
            }
            position = p + 1;
            return;
        }
        readLong();
    }

    /** An integer of the given width (2, 4 or 8 bytes when not compressed), not narrowed. */
    long readInteger(int width) throws ChunkFormatException {
        return compressed ? readLong() : fixed(width);
    }

    boolean compressed() {
        return compressed;
    }

    /** Skips {@code n} compressed integers in a row. */
    void skipVarints(long n) throws ChunkFormatException {
        int p = position;
        // Away from the end no byte needs a bounds check of its own (as in readLong).
        while (n > 0 && end - p >= 9) {
            int limit = p + 8;
            while (p < limit && bytes[p] < 0) {
                p++;
            }
            p++;
            n--;
        }
        position = p;
        for (; n > 0; n--) {
            readLong();
        }
    }

    int readInt() throws ChunkFormatException {
        return compressed ? (int) readLong() : (int) fixed(4);
    }

    /** A count or length: an int that may not be negative nor exceed the bytes left, one byte per item at least. */
    int readCount() throws ChunkFormatException {
        int n = readInt();
        if (n < 0 || n > end - position) {
            throw new ChunkFormatException("count " + n + " at " + position + " exceeds the chunk");
        }
        return n;
    }

    char readChar() throws ChunkFormatException {
        return compressed ? (char) readLong() : (char) fixed(2);
    }

    void skip(int n) throws ChunkFormatException {
        if (n < 0 || n > end - position) {
            throw pastEnd();
        }
        position += n;
    }

    /** A string's bytes in the given charset (UTF-8 or Latin-1), after their length. */
    String readBytesAsString(boolean latin1) throws ChunkFormatException {
        int n = readCount();
        String s = new String(bytes, position, n, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        position += n;
        return s;
    }

    /** A string as an array of chars, after its length. */
    String readCharsAsString() throws ChunkFormatException {
        int n = readCount();
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = readChar();
        }
        return new String(c);
    }

    private long fixed(int width) throws ChunkFormatException {
        if (end - position < width) {
            throw pastEnd();
        }
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (bytes[position++] & 0xff);
        }
        return v;
    }

    private ChunkFormatException pastEnd() {
        return new ChunkFormatException("value at " + position + " runs past the chunk's end (" + end + " bytes)");
    }
}
