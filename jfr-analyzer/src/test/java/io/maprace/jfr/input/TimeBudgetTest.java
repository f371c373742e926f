package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jfr.consumer.EventStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeBudgetTest {

    private static final Path FILE = Path.of("app.jfr");

    @TempDir
    Path dir;

    @Test
    void returnsTheResultOfATaskThatEndsInTime() throws Exception {
        String result = TimeBudget.of(Duration.ofSeconds(5)).run(FILE, "reading", progress -> "done");
        assertEquals("done", result);
    }

    @Test
    void runsTheTaskOnADaemonThread() throws Exception {
        Thread worker = TimeBudget.of(Duration.ofSeconds(5)).run(FILE, "reading", progress -> Thread.currentThread());
        assertTrue(worker.isDaemon());
        assertTrue(worker.getName().startsWith("maprace-budget-"), worker.getName());
    }

    @Test
    void onExpiryClosesWhatTheTaskRegisteredAndSaysHowFarItGot() {
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        RecordingInputException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThrows(RecordingInputException.class, () ->
                        TimeBudget.of(Duration.ofMillis(300)).run(FILE, "reading events", progress -> {
                            progress.counting("events");
                            progress.closeOnExpiry(() -> closed.set(true));
                            progress.advance(1234);
                            progress.at("chunk 2 of 3");
                            try {
                                // Stands for a parser that ignores interruption and only stops when its input closes.
                                while (!closed.get()) {
                                    Thread.onSpinWait();
                                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                                }
                                return null;
                            } finally {
                                ended.countDown();
                            }
                        })));
        assertEquals(ProblemKind.TIMED_OUT, e.kind());
        assertEquals(FILE, e.file().orElseThrow());
        assertEquals("app.jfr: reading events did not finish within 300 ms (after 1,234 events, at chunk 2 of 3)"
                + " — the recording is probably damaged; try a smaller or another recording", e.getMessage());
        assertTrue(closed.get());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ended.await());
    }

    @Test
    void aHangingJdkParserIsAbandonedAndItsThreadEndsWhenTheStreamCloses() throws Exception {
        // An unfinished chunk whose header has no metadata position: the JDK's parser waits for the
        // JVM to write one, forever.
        Path source = TestRecordings.singleChunk().file();
        Path unfinished = Bytes.withBytes(source, dir.resolve("unfinished.jfr"), 64, (byte) 3);
        Path hanging = Bytes.withLong(unfinished, dir.resolve("hanging.jfr"), 24, 0);
        AtomicReference<Thread> worker = new AtomicReference<>();

        RecordingInputException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThrows(RecordingInputException.class, () ->
                        TimeBudget.of(Duration.ofSeconds(1)).run(hanging, "reading events", progress -> {
                            worker.set(Thread.currentThread());
                            try (EventStream stream = progress.closeOnExpiry(EventStream.openFile(hanging))) {
                                stream.onEvent(event -> progress.advance());
                                stream.start();
                            }
                            return progress.count();
                        })));

        assertEquals(ProblemKind.TIMED_OUT, e.kind());
        assertTrue(e.getMessage().startsWith(hanging + ": reading events did not finish within 1 s"), e.getMessage());
        worker.get().join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(worker.get().isAlive(), "the parser thread should stop once its stream is closed");
    }

    @Test
    void aFailingTaskIsCorruptWithTheReasonOnOneLine() {
        RecordingInputException e = assertThrows(RecordingInputException.class, () ->
                TimeBudget.of(Duration.ofSeconds(5)).run(FILE, "reading events", progress -> {
                    progress.counting("events");
                    progress.advance(7);
                    throw new IOException("Trying to read at 170000, but file is only 150000 bytes.\nmore");
                }));
        assertEquals(ProblemKind.CORRUPT, e.kind());
        assertEquals("app.jfr: reading events failed (after 7 events): IOException: Trying to read at 170000, but file"
                + " is only 150000 bytes. more — the recording is damaged; if it was cut or copied while recording,"
                + " open it again to have it repaired, otherwise record again", e.getMessage());
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void runningOutOfMemoryIsReportedNotThrown() {
        RecordingInputException e = assertThrows(RecordingInputException.class, () ->
                TimeBudget.of(Duration.ofSeconds(5)).run(FILE, "reading events", progress -> {
                    throw new OutOfMemoryError("Requested array size exceeds VM limit");
                }));
        assertEquals(ProblemKind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("ran out of memory"), e.getMessage());
    }

    @Test
    void aRecordingInputExceptionFromTheTaskPassesThrough() {
        RecordingInputException thrown = new RecordingInputException(ProblemKind.NOT_JFR, FILE, "app.jfr: not JFR");
        RecordingInputException e = assertThrows(RecordingInputException.class, () ->
                TimeBudget.of(Duration.ofSeconds(5)).run(FILE, "reading", progress -> {
                    throw thrown;
                }));
        assertSame(thrown, e);
    }

    @Test
    void aResourceRegisteredAfterExpiryIsClosedAtOnce() throws Exception {
        TimeBudget.Progress progress = new TimeBudget.Progress();
        progress.expire();
        AtomicBoolean closed = new AtomicBoolean();
        progress.closeOnExpiry(() -> closed.set(true));
        assertTrue(closed.get());
        assertTrue(progress.expired());
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> TimeBudget.of(Duration.ZERO));
    }
}
