package io.maprace.heapdump.hprof;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dump file mapped into memory, read at absolute positions. The file is mapped in windows of 1 GB that overlap
 * by 1 MB, so a value, a record header or a small object never spans two windows; reads that do (a large array)
 * go byte by byte. Mapped pages live in the page cache, not in the Java heap: the tool's heap does not grow with
 * the dump. Absolute reads of a mapped buffer change no state: any thread may read.
 */
public final class DumpBytes implements Closeable {

    private static final int SHIFT = 30;
    private static final long WINDOW = 1L << SHIFT;
    private static final long OVERLAP = 1L << 20;

    private final FileChannel channel;
    private final MappedByteBuffer[] windows;
    private final long size;

    private DumpBytes(FileChannel channel, MappedByteBuffer[] windows, long size) {
        this.channel = channel;
        this.windows = windows;
        this.size = size;
    }

    public static DumpBytes map(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            int n = (int) ((size + WINDOW - 1) >>> SHIFT);
            MappedByteBuffer[] windows = new MappedByteBuffer[Math.max(1, n)];
            for (int i = 0; i < n; i++) {
                long start = (long) i << SHIFT;
                long length = Math.min(size - start, WINDOW + OVERLAP);
                windows[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, length);
                windows[i].order(ByteOrder.BIG_ENDIAN);
            }
            if (n == 0) {
                windows[0] = ch.map(FileChannel.MapMode.READ_ONLY, 0, 0);
            }
            return new DumpBytes(ch, windows, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public long size() {
        return size;
    }

    /** Whether {@code length} bytes from {@code pos} are inside the file. */
    public boolean has(long pos, long length) {
        return pos >= 0 && length >= 0 && pos + length <= size;
    }

    public int u1(long pos) {
        return windows[(int) (pos >>> SHIFT)].get((int) (pos & (WINDOW - 1))) & 0xff;
    }

    public int u2(long pos) {
        MappedByteBuffer w = windows[(int) (pos >>> SHIFT)];
        int off = (int) (pos & (WINDOW - 1));
        return off + 2 <= w.limit() ? w.getShort(off) & 0xffff : (u1(pos) << 8) | u1(pos + 1);
    }

    public int i4(long pos) {
        MappedByteBuffer w = windows[(int) (pos >>> SHIFT)];
        int off = (int) (pos & (WINDOW - 1));
        return off + 4 <= w.limit() ? w.getInt(off) : (u2(pos) << 16) | u2(pos + 2);
    }

    public long u4(long pos) {
        return i4(pos) & 0xffffffffL;
    }

    public long i8(long pos) {
        MappedByteBuffer w = windows[(int) (pos >>> SHIFT)];
        int off = (int) (pos & (WINDOW - 1));
        return off + 8 <= w.limit() ? w.getLong(off) : (u4(pos) << 32) | u4(pos + 4);
    }

    /** An id of {@code idSize} bytes (4 or 8). */
    public long id(long pos, int idSize) {
        return idSize == 8 ? i8(pos) : u4(pos);
    }

    public byte[] bytes(long pos, int length) {
        byte[] out = new byte[length];
        MappedByteBuffer w = windows[(int) (pos >>> SHIFT)];
        int off = (int) (pos & (WINDOW - 1));
        if (off + length <= w.limit()) {
            w.get(off, out);
        } else {
            for (int i = 0; i < length; i++) {
                out[i] = (byte) u1(pos + i);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
