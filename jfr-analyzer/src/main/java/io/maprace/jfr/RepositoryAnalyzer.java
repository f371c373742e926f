package io.maprace.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Finding;
import io.maprace.rules.Analysis;
import io.maprace.rules.AnalysisSettings;
import jdk.jfr.consumer.EventStream;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live counterpart of {@link RecordingAnalyzer}: tails the repository another JVM records into
 * ({@code EventStream.openRepository}) with the same feeder and rules as {@code analyze}. Events arrive 1-2 s
 * after they happen (the target flushes every second, the reader looks for new chunks every second). Such a
 * stream ends only at the chunk a JVM writes when it exits: whoever started the recording must watch it and
 * {@link #finish} the stream.
 */
public final class RepositoryAnalyzer implements AutoCloseable {

    /** Steps kept for interim findings; past this (hours of samples) only the final report has findings. */
    private static final int MAX_LOGGED_STEPS = 5_000_000;

    private final Path repository;
    private final Instant from;
    private final AnalysisSettings settings;
    private final Analysis analysis;
    private final AnalysisPipe.Logged pipe;
    private final StreamFeeder feeder;
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private EventStream stream;
    private boolean finished;

    /** @param from events before this instant (other recordings' past) are skipped */
    public RepositoryAnalyzer(Path repository, Instant from, AnalysisSettings settings) {
        this.repository = repository;
        this.from = from;
        this.settings = settings;
        this.analysis = new Analysis(settings);
        this.pipe = AnalysisPipe.logged(analysis, MAX_LOGGED_STEPS);
        this.feeder = new StreamFeeder(pipe, AnalysisProgress.NONE);
    }

    /** Opens the repository and starts reading it on the stream's own thread. */
    public void start() {
        try {
            stream = EventStream.openRepository(repository);
        } catch (IOException | RuntimeException e) {
            throw new MapraceException(Problem.JFR_REPOSITORY_UNREADABLE, "cannot read the recording repository "
                    + repository + ": " + RecordingAnalyzer.oneLine(e) + " — run maprace as the target's user, "
                    + "where its files are visible");
        }
        stream.setStartTime(from);
        feeder.attach(stream);
        stream.onError(error::set);
        stream.onClose(() -> ended.set(true));
        stream.startAsync();
    }

    /** The findings so far, from a fresh run of the rules over everything read; null when too much was read. */
    public List<Finding> interim() {
        Analysis fresh = new Analysis(settings);
        return pipe.replay(fresh) ? fresh.finish().findings() : null;
    }

    /** The time of the latest event read (samples count once their flush segment is complete), or null. */
    public Instant lastEventTime() {
        return feeder.lastEventTime();
    }

    public long events() {
        return feeder.events();
    }

    /** Whether the stream ended by itself: the target exited and its final chunk was read. */
    public boolean ended() {
        return ended.get();
    }

    /** An error the stream met (a chunk removed while read, a disk full), or null. */
    public Throwable error() {
        return error.get();
    }

    /** Stops reading and runs the rules to their end. */
    public Analysis.Result finish() {
        close();
        return analysis.finish();
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        if (stream != null) {
            stream.close();
        }
        feeder.stop();
    }
}
