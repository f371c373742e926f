package io.maprace.attach.stuck;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.events.ThreadDumpText;
import io.maprace.probe.target.AttachApi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes a burst of thread dumps through the Attach API, as {@code jcmd <pid> Thread.print -e} does. No lock list
 * ({@code -l}): that option scans the heap for {@code java.util.concurrent} lock owners and can stop a large JVM
 * for seconds. {@code -e} only adds each thread's allocated bytes, read from a counter. Each dump stops the
 * target at a safepoint for the time it takes to print its stacks.
 */
public final class ThreadDumpBurst {

    private static final String EXTENDED = "Thread.print -e";
    private static final String PLAIN = "Thread.print";

    private final long pid;
    private final StuckOptions options;
    private final Clock clock;
    private boolean extended = true;

    public ThreadDumpBurst(long pid, StuckOptions options, Clock clock) {
        this.pid = pid;
        this.options = options;
        this.clock = clock;
    }

    /** Takes {@link StuckOptions#dumps()} dumps, {@link StuckOptions#interval()} apart (start to start). */
    public List<ThreadDumpText> take(Consumer<String> progress) {
        List<ThreadDumpText> dumps = new ArrayList<>();
        long next = System.nanoTime();
        for (int i = 0; i < options.dumps(); i++) {
            sleepUntil(next);
            next = System.nanoTime() + options.interval().toNanos();
            Instant at = clock.instant();
            dumps.add(new ThreadDumpText(at, dump()));
            progress.accept("thread dump " + (i + 1) + "/" + options.dumps());
        }
        return dumps;
    }

    private String dump() {
        String text = AttachApi.jcmd(pid, extended ? EXTENDED : PLAIN, options.timeout());
        if (extended && !isDump(text)) {
            // A JVM older than -e (JDK 10 and before) rejects the option: take plain dumps from now on.
            extended = false;
            text = AttachApi.jcmd(pid, PLAIN, options.timeout());
        }
        if (!isDump(text)) {
            throw new MapraceException(Problem.ATTACH_FAILED, "pid " + pid + " answered Thread.print with no thread "
                    + "dump: " + firstLine(text) + " — check it with 'jcmd " + pid + " Thread.print'");
        }
        return text;
    }

    static boolean isDump(String text) {
        return text != null && text.contains("Full thread dump");
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(nothing)";
        }
        String line = text.strip().split("\\R", 2)[0];
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(wait).toMillis(), (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.ATTACH_FAILED, "interrupted between thread dumps");
        }
    }
}
