package io.maprace.cli;

import io.maprace.progress.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Progress of live commands on stderr: a bar when a person watches a terminal, plain lines (a phase line, then a
 * count at most every two seconds) when stderr goes to a file or a pipe. Never on stdout, which carries the report.
 */
final class StderrProgress implements Progress, AutoCloseable {

    private static final long LINE_INTERVAL_NANOS = 2_000_000_000L;

    private final String verb;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private ProgressBar bar;
    private String phase;
    private long lastLine;

    private StderrProgress(String verb, PrintWriter err, boolean terminal, boolean quiet) {
        this.verb = verb;
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    /**
     * A bar only on an interactive terminal. Quiet drops the progress but keeps the notes: those say what maprace
     * does to the target.
     */
    static StderrProgress create(String verb, PrintWriter err, boolean quiet) {
        boolean terminal = !quiet && System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
        return new StderrProgress(verb, err, terminal, quiet);
    }

    @Override
    public synchronized void phase(String name, long total) {
        closeBar();
        phase = name;
        if (quiet) {
            return;
        }
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                    .setUpdateIntervalMillis(250).hideEta().build();
        } else {
            err.println(verb + ": " + name);
            err.flush();
            lastLine = System.nanoTime();
        }
    }

    @Override
    public synchronized void advance(long done) {
        if (bar != null) {
            bar.stepTo(done);
        } else if (!quiet && !terminal && phase != null && System.nanoTime() - lastLine > LINE_INTERVAL_NANOS) {
            err.println(verb + ": " + phase + ": " + done);
            err.flush();
            lastLine = System.nanoTime();
        }
    }

    @Override
    public synchronized void note(String line) {
        closeBar();
        err.println(verb + ": " + line);
        err.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
    }
}
