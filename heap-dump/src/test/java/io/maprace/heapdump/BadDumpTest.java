package io.maprace.heapdump;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad dump is one problem with its own exit code and a one-line message, never a stack trace. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadDumpTest {

    @TempDir
    static Path dir;
    static byte[] good;

    @BeforeAll
    static void dump() throws Exception {
        good = Files.readAllBytes(Dumps.ofThisJvm(dir.resolve("good.hprof")));
    }

    private static MapraceException open(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        MapraceException e = assertThrows(MapraceException.class, () -> DumpFile.open(f).close());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(" — "), "no advice in: " + e.getMessage());
        return e;
    }

    @Test
    void zeroBytes() throws IOException {
        assertEquals(Problem.DUMP_EMPTY, open("empty.hprof", new byte[0]).problem());
        assertEquals(40, Problem.DUMP_EMPTY.exitCode());
    }

    @Test
    void notHprof() throws IOException {
        assertEquals(Problem.NOT_A_HEAP_DUMP, open("text.hprof", "hello, not a dump\n".getBytes()).problem());
    }

    @Test
    void truncatedAtHalf() throws IOException {
        MapraceException e = open("half.hprof", Arrays.copyOf(good, good.length / 2));
        assertEquals(Problem.DUMP_TRUNCATED, e.problem());
    }

    @Test
    void truncatedGzip() throws IOException {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(good);
        }
        byte[] packed = gz.toByteArray();
        assertEquals(Problem.DUMP_TRUNCATED, open("half.hprof.gz", Arrays.copyOf(packed, packed.length / 2))
                .problem());
    }

    @Test
    void aFlippedRecordTag() throws IOException {
        byte[] flipped = good.clone();
        int tag = firstHeapSubRecord(flipped);
        flipped[tag] ^= (byte) 0x40;
        MapraceException e = open("flipped.hprof", flipped);
        assertEquals(Problem.DUMP_CORRUPT, e.problem());
        assertTrue(e.getMessage().contains("at byte " + tag), e.getMessage());
    }

    @Test
    void aFlippedLengthBit() throws IOException {
        byte[] flipped = good.clone();
        int tag = firstHeapSubRecord(flipped);
        // the segment's length (4 bytes before its body) grows by 16 MB: it runs past the file or into garbage
        flipped[tag - 4 + 0] ^= 0x01;
        MapraceException e = open("length.hprof", flipped);
        assertTrue(e.problem() == Problem.DUMP_CORRUPT || e.problem() == Problem.DUMP_TRUNCATED, e.getMessage());
    }

    /** The position of the first sub-record of the first heap dump segment. */
    private static int firstHeapSubRecord(byte[] dump) {
        ByteBuffer b = ByteBuffer.wrap(dump);
        int pos = 0;
        while (dump[pos] != 0) {
            pos++;
        }
        pos += 1 + 12;
        while (pos < dump.length) {
            int tag = dump[pos] & 0xff;
            long length = b.getInt(pos + 5) & 0xffffffffL;
            if (tag == 0x1c || tag == 0x0c) {
                return pos + 9;
            }
            pos += 9 + (int) length;
        }
        throw new AssertionError("no heap dump segment");
    }

    @Test
    void noSuchFile() {
        MapraceException e = assertThrows(MapraceException.class, () -> DumpFile.open(dir.resolve("nope.hprof")));
        assertEquals(Problem.FILE_NOT_FOUND, e.problem());
    }
}

