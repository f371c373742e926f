package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What the JDK's own parsers make of a file, for assertions. */
final class JdkReading {
    private JdkReading() {
    }

    /** Sequence numbers of the {@link SeqEvent}s read by {@code RecordingFile}, checking each event's constants. */
    static List<Long> seqsWithRecordingFile(Path file) throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getEventType().getName().equals(SeqEvent.NAME)) {
                    seqs.add(checkedSeq(event));
                }
            }
        }
        return seqs;
    }

    /** Sequence numbers read by {@code EventStream.openFile}, in stream order. */
    static List<Long> seqsWithEventStream(Path file) throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (EventStream stream = EventStream.openFile(file)) {
            stream.onEvent(SeqEvent.NAME, event -> seqs.add(checkedSeq(event)));
            stream.start();
        }
        return seqs;
    }

    /**
     * How many events {@code RecordingFile} returns before it stops; -1 if it throws before the first.
     */
    static long countOrMinusOne(Path file) {
        AtomicLong count = new AtomicLong();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                recording.readEvent();
                count.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            return count.get() == 0 ? -1 : count.get();
        }
        return count.get();
    }

    /**
     * The payload (an inline string), the thread and the stack trace (constants from checkpoints)
     * must all be the real ones: an event whose constants were lost would not pass.
     */
    private static long checkedSeq(RecordedEvent event) {
        long seq = event.getLong("seq");
        assertEquals(SeqEvent.payloadOf(seq), event.getString("payload"), "payload of event " + seq);
        assertNotNull(event.getThread(), "thread of event " + seq);
        assertNotNull(event.getThread().getJavaName(), "thread name of event " + seq);
        assertNotNull(event.getStackTrace(), "stack trace of event " + seq);
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        assertFalse(frames.isEmpty(), "frames of event " + seq);
        assertEquals("emit", frames.get(0).getMethod().getName(), "top frame of event " + seq);
        return seq;
    }

    /** Asserts that {@code seqs}, in any order, are exactly first, first+1, ..., first+n-1. */
    static void assertPrefix(long first, List<Long> seqs) {
        List<Long> sorted = new ArrayList<>(seqs);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(first + i, sorted.get(i), "sequence numbers must have no gap and no duplicate");
        }
    }
}
