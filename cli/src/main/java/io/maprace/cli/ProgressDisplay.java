package io.maprace.cli;

import io.maprace.jfr.AnalysisProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows how far an analysis is, in seconds of recording read: a progress bar on an interactive terminal, a
 * line every few seconds otherwise (only once the work has taken a while), nothing when quiet.
 */
final class ProgressDisplay implements AnalysisProgress {

    private static final long LINE_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final boolean interactive;
    private final boolean quiet;
    private ProgressBar bar;
    private Instant from;
    private Instant to;
    private String name;
    private long lastLine = System.nanoTime();
    private long reached;

    ProgressDisplay(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
        this.interactive = System.console() != null;
    }

    @Override
    public synchronized void recording(String name, Instant from, Instant to) {
        closeBar();
        this.name = name;
        this.reached = 0;
        this.from = from;
        this.to = to;
        if (quiet || !interactive || from == null || to == null) {
            return;
        }
        bar = new ProgressBarBuilder().setTaskName("Reading").setUnit(" s", 1)
                .setInitialMax(Math.max(1, Duration.between(from, to).toSeconds()))
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(250).build();
    }

    @Override
    public synchronized void at(Instant time) {
        if (quiet || from == null) {
            return;
        }
        // Chunks of concatenated recordings may overlap in time: never step back.
        long done = Math.max(reached, Duration.between(from, time).toSeconds());
        reached = done;
        if (bar != null) {
            bar.stepTo(Math.min(done, bar.getMax()));
        } else if (System.nanoTime() - lastLine > LINE_EVERY_NANOS) {
            lastLine = System.nanoTime();
            String total = to == null ? "" : " of " + Duration.between(from, to).toSeconds() + " s";
            err.println("maprace: reading " + name + ": " + done + " s" + total + " of recording read");
        }
    }

    @Override
    public synchronized void done() {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.close();
            bar = null;
        }
    }
}
