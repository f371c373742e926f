package io.maprace.cli;

import io.maprace.progress.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The one way every command shows progress on stderr (stdout carries the report): a bar (the progressbar
 * library) when stderr is a terminal, otherwise a line per phase at most every {@link #LINE_INTERVAL_NANOS} once the
 * phase has lasted that long, so that short work prints nothing; nothing at all with {@code -q}.
 *
 * <p>Three kinds of output: {@link #phase}/{@link #advance} (the bar or the lines), {@link #status} (a line of
 * what the command does, dropped with {@code -q}), and {@link #note} (what maprace does to the target, kept even
 * with {@code -q}).
 */
final class StderrProgress implements Progress, AutoCloseable {

    static final long LINE_INTERVAL_NANOS = 2_000_000_000L;
    private static final int BAR_WIDTH = 100;

    private final String verb;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private final LongSupplier nanoTime;
    private ProgressBar bar;
    private BarOnWriter line;
    private String phase;
    private long total;
    private long lastLine;

    StderrProgress(String verb, PrintWriter err, boolean terminal, boolean quiet, LongSupplier nanoTime) {
        this.verb = verb;
        this.err = err;
        this.terminal = terminal && !quiet;
        this.quiet = quiet;
        this.nanoTime = nanoTime;
    }

    /** For a command: a bar only when stderr is an interactive terminal. */
    static StderrProgress create(String verb, PrintWriter err, boolean quiet) {
        return new StderrProgress(verb, err, stderrIsTerminal(), quiet, System::nanoTime);
    }

    /**
     * Whether stderr is a terminal that draws a bar: {@code System.console()} speaks of stdin and stdout only,
     * so on Linux the file behind descriptor 2 decides.
     */
    private static boolean stderrIsTerminal() {
        String term = System.getenv("TERM");
        if (term == null || term.equals("dumb")) {
            return false;
        }
        try {
            String fd2 = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    @Override
    public synchronized void phase(String name, long total) {
        closeBar();
        this.phase = name;
        this.total = total;
        this.lastLine = nanoTime.getAsLong();
        if (terminal) {
            line = new BarOnWriter();
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(line)
                    .setUpdateIntervalMillis(250).hideEta().build();
        }
    }

    @Override
    public synchronized void advance(long done) {
        if (bar != null) {
            bar.stepTo(total < 0 ? done : Math.min(done, total));
        } else if (!quiet && phase != null && nanoTime.getAsLong() - lastLine >= LINE_INTERVAL_NANOS) {
            line(phase + ": " + done + (total < 0 ? "" : " of " + total));
            lastLine = nanoTime.getAsLong();
        }
    }

    /** A line saying what the command does now; dropped with {@code -q}. */
    synchronized void status(String line) {
        if (!quiet) {
            closeBar();
            line(line);
        }
    }

    @Override
    public synchronized void note(String line) {
        closeBar();
        line(line);
    }

    private void line(String line) {
        err.println(verb + ": " + line);
        err.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            line.close();
            bar = null;
        }
    }

    /** Ends the current phase: a bar is drawn full and left on its line. */
    @Override
    public synchronized void close() {
        if (bar != null && total >= 0) {
            bar.stepTo(total);
        }
        closeBar();
        phase = null;
    }

    /**
     * Draws the bar on this command's stderr writer, redrawing its one line. The library does not close its
     * consumer when a bar ends before its first scheduled redraw, so {@link #closeBar} closes it too: the line
     * is ended once.
     */
    private final class BarOnWriter implements ProgressBarConsumer {
        private boolean drawn;
        private boolean ended;

        @Override
        public int getMaxRenderedLength() {
            return BAR_WIDTH;
        }

        @Override
        public synchronized void accept(String rendered) {
            drawn = true;
            err.print('\r' + (rendered.length() > BAR_WIDTH ? rendered.substring(0, BAR_WIDTH) : rendered));
            err.flush();
        }

        @Override
        public synchronized void close() {
            if (drawn && !ended) {
                ended = true;
                err.println();
                err.flush();
            }
        }
    }
}
