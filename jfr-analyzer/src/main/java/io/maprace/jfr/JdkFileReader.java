package io.maprace.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.jfr.input.OpenedRecording;
import jdk.jfr.consumer.EventStream;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Reads a recording file through the JDK's own parser ({@link EventStream#openFile}). */
final class JdkFileReader {

    private JdkFileReader() {
    }

    static ReadOutcome read(OpenedRecording rec, AnalysisPipe pipe, AnalysisProgress progress, Duration budget) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        EventStream stream;
        try {
            stream = EventStream.openFile(rec.path());
        } catch (IOException | RuntimeException e) {
            throw new MapraceException(Problem.RECORDING_CORRUPT, "cannot read '" + rec.source() + "': "
                    + RecordingAnalyzer.oneLine(e) + " — the file is not a readable JFR recording");
        }
        StreamFeeder feeder = new StreamFeeder(pipe, progress);
        boolean finished;
        try (stream) {
            feeder.attach(stream);
            stream.onError(error::set);
            AtomicBoolean closed = new AtomicBoolean();
            stream.onClose(() -> closed.set(true));
            stream.startAsync();
            finished = awaitDone(stream, budget, closed);
            feeder.stop();
        }
        return new ReadOutcome(finished, feeder.events(), feeder.lastEventTime(), error.get());
    }

    private static boolean awaitDone(EventStream stream, Duration budget, AtomicBoolean closed) {
        try {
            stream.awaitTermination(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return closed.get();
    }
}
