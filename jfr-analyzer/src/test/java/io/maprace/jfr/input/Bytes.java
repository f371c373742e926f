package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Byte-level surgery on test files. */
final class Bytes {
    private Bytes() {
    }

    static Path cut(Path source, long length, Path target) throws IOException {
        byte[] all = Files.readAllBytes(source);
        return Files.write(target, Arrays.copyOf(all, (int) length));
    }

    static Path concat(Path target, Path... parts) throws IOException {
        Files.deleteIfExists(target);
        Files.createFile(target);
        for (Path part : parts) {
            Files.write(target, Files.readAllBytes(part), java.nio.file.StandardOpenOption.APPEND);
        }
        return target;
    }

    static Path withBytes(Path source, Path target, long offset, byte... replacement) throws IOException {
        byte[] all = Files.readAllBytes(source);
        System.arraycopy(replacement, 0, all, (int) offset, replacement.length);
        return Files.write(target, all);
    }

    static Path withLong(Path source, Path target, long offset, long value) throws IOException {
        return withBytes(source, target, offset, ByteBuffer.allocate(8).putLong(value).array());
    }

    static Path flip(Path source, Path target, long offset) throws IOException {
        byte[] all = Files.readAllBytes(source);
        all[(int) offset] = (byte) ~all[(int) offset];
        return Files.write(target, all);
    }
}
