package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads bytes and JFR varints from a file region through a window buffer, never past a limit.
 * Running into the limit raises {@link OutOfData}, which the callers treat as "the data ends here".
 */
final class ByteWindow {

    /** The data ends before the value being read. Thrown without a stack trace: it is routine. */
    static final class OutOfData extends Exception {
        private static final long serialVersionUID = 1L;

        OutOfData() {
            super("out of data", null, false, false);
        }
    }

    private static final OutOfData OUT_OF_DATA = new OutOfData();

    private final FileChannel channel;
    private final long limit;
    private final ByteBuffer buffer;
    private long windowStart;
    private int windowLength;
    private long position;

    ByteWindow(FileChannel channel, long limit, int capacity) {
        this.channel = channel;
        this.limit = limit;
        this.buffer = ByteBuffer.allocate(capacity);
    }

    long position() {
        return position;
    }

    void position(long newPosition) {
        position = newPosition;
    }

    long limit() {
        return limit;
    }

    int u1() throws IOException, OutOfData {
        ensure(1);
        return buffer.get((int) (position++ - windowStart)) & 0xff;
    }

    /**
     * A JFR compressed integer: 7 bits per byte, least significant group first, high bit set when
     * another byte follows; the 9th byte, if reached, carries 8 bits. Same decoding as the JDK's
     * {@code RecordingInput.readLong()}.
     */
    long varLong() throws IOException, OutOfData {
        long available = limit - position;
        if (available <= 0) {
            throw OUT_OF_DATA;
        }
        ensure((int) Math.min(9, available));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int b = u1();
            value += (b & 0x7FL) << (7 * i);
            if (b < 0x80) {
                return value;
            }
        }
        return value + ((long) u1() << 56);
    }

    void read(byte[] destination) throws IOException, OutOfData {
        ensure(destination.length);
        int from = (int) (position - windowStart);
        buffer.get(from, destination);
        position += destination.length;
    }

    private void ensure(int count) throws IOException, OutOfData {
        if (position >= windowStart && position + count <= windowStart + windowLength) {
            return;
        }
        if (count > buffer.capacity() || position < 0 || position + count > limit) {
            throw OUT_OF_DATA;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), limit - position));
        long readAt = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, readAt);
            if (n < 0) {
                break;
            }
            readAt += n;
        }
        windowStart = position;
        windowLength = buffer.position();
        if (windowLength < count) {
            throw OUT_OF_DATA;
        }
    }
}
