package io.maprace.jfr.input;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import jdk.jfr.Recording;

/**
 * Recordings made in this JVM for the tests: {@link SeqEvent}s emitted in batches, each batch followed
 * by a JFR flush, so that the chunk holds several flush segments.
 */
final class TestRecordings {

    /** A recording file and what went into it. */
    record Fixture(Path file, int batches, int perBatch, long flushedEvents, long totalEvents) {
    }

    private static final Object LOCK = new Object();
    private static Fixture singleChunk;
    private static Fixture secondChunk;

    private TestRecordings() {
    }

    /**
     * One chunk: 4 flushed batches of 150 events, then 150 more events that are only written when the
     * recording stops. Made once per test JVM.
     */
    static Fixture singleChunk() throws Exception {
        synchronized (LOCK) {
            if (singleChunk == null) {
                singleChunk = record(sharedDir().resolve("single.jfr"), 0, 4, 150, true);
            }
            return singleChunk;
        }
    }

    /** Another one-chunk recording, numbered from 10_000, to concatenate after {@link #singleChunk()}. */
    static Fixture secondChunk() throws Exception {
        synchronized (LOCK) {
            if (secondChunk == null) {
                secondChunk = record(sharedDir().resolve("second.jfr"), 10_000, 3, 100, true);
            }
            return secondChunk;
        }
    }

    static Fixture record(Path file, long firstSeq, int batches, int perBatch, boolean unflushedTail)
            throws Exception {
        long seq = firstSeq;
        try (Recording recording = new Recording()) {
            recording.enable(SeqEvent.class);
            recording.setToDisk(true);
            recording.start();
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < perBatch; i++) {
                    SeqEvent.emit(seq++);
                }
                flush();
            }
            long flushed = seq - firstSeq;
            if (unflushedTail) {
                for (int i = 0; i < perBatch; i++) {
                    SeqEvent.emit(seq++);
                }
            }
            recording.stop();
            recording.dump(file);
            return new Fixture(file, batches, perBatch, flushed, seq - firstSeq);
        }
    }

    /**
     * Makes the JVM write a flush segment now: the call the periodic flush task makes once per second.
     * When the internal API is not accessible, waits for the next periodic flush instead.
     */
    static void flush() throws Exception {
        try {
            Class<?> repository = Class.forName("jdk.jfr.internal.MetadataRepository");
            Object instance = repository.getMethod("getInstance").invoke(null);
            Method flush = repository.getMethod("flush");
            flush.invoke(instance);
        } catch (IllegalAccessException | NoSuchMethodException | ClassNotFoundException e) {
            awaitPeriodicFlush();
        }
    }

    private static void awaitPeriodicFlush() throws Exception {
        Path chunk = newestChunk(Path.of(System.getProperty("jdk.jfr.repository")));
        long before = generationAndSize(chunk);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (generationAndSize(chunk) == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no JFR flush within 10 s in " + chunk);
            }
            Thread.sleep(20);
        }
    }

    static Path newestChunk(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.toString().endsWith(".jfr"))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no chunk in " + directory));
        }
    }

    /** The header's size and file-state byte, folded together: changes at every flush. */
    static long generationAndSize(Path chunk) throws IOException {
        try (FileChannel channel = FileChannel.open(chunk, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(ChunkInfo.HEADER_SIZE);
            if (ChunkIndex.readFully(channel, header, 0) < ChunkInfo.HEADER_SIZE) {
                return -1;
            }
            return header.getLong(8) * 256 + (header.get(64) & 0xff);
        }
    }

    static Path sharedDir() throws IOException {
        Path dir = Path.of("target", "test-recordings").toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }
}
