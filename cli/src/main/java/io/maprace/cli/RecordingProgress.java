package io.maprace.cli;

import io.maprace.jfr.AnalysisProgress;
import io.maprace.progress.Progress;

import java.time.Duration;
import java.time.Instant;

/** The analyzer's progress (time of recording read) as phases of {@link Progress}: seconds read of the span. */
final class RecordingProgress implements AnalysisProgress {

    private final StderrProgress progress;
    private Instant from;
    private long reached;

    RecordingProgress(StderrProgress progress) {
        this.progress = progress;
    }

    @Override
    public void recording(String name, Instant from, Instant to) {
        this.from = from;
        this.reached = 0;
        long seconds = from == null || to == null ? -1 : Math.max(1, Duration.between(from, to).toSeconds());
        // The file's name only: a long path would leave the bar no room on its line.
        progress.phase("reading " + name.substring(name.lastIndexOf('/') + 1) + " (seconds of recording)", seconds);
    }

    @Override
    public void at(Instant time) {
        if (from == null) {
            return;
        }
        // Chunks of concatenated recordings may overlap in time: never step back.
        reached = Math.max(reached, Duration.between(from, time).toSeconds());
        progress.advance(reached);
    }

    @Override
    public void done() {
        progress.close();
    }
}
