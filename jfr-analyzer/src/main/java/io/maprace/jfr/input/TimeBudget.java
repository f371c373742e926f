package io.maprace.jfr.input;

import io.maprace.findings.Numbers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a parse or a walk of a recording on a daemon worker thread and waits for it until a deadline.
 *
 * <p>The JDK's parsers can loop for minutes on damaged bytes (JDK-8289688), so every parse of an
 * input file goes through here. On expiry the caller stops waiting, the resources the task
 * registered with {@link Progress#closeOnExpiry} are closed (a parser blocked in or looping over
 * file reads then fails), the worker is interrupted, and a {@link ProblemKind#TIMED_OUT} exception
 * says how far the task got. A task that fails becomes {@link ProblemKind#CORRUPT} with the
 * parser's reason on one line. A worker that ignores both closing and interruption keeps running
 * as a daemon thread, but nobody waits for it.
 *
 * <pre>{@code
 * long events = TimeBudget.of(Duration.ofMinutes(2)).run(file, "reading events", progress -> {
 *     progress.counting("events");
 *     try (EventStream stream = progress.closeOnExpiry(EventStream.openFile(path))) {
 *         stream.onEvent(event -> { progress.advance(); handle(event); });
 *         stream.start();
 *     }
 *     return progress.count();
 * });
 * }</pre>
 */
public final class TimeBudget {

    /** Work to run under a budget. */
    @FunctionalInterface
    public interface Task<T> {
        T run(Progress progress) throws Exception;
    }

    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final Duration limit;

    private TimeBudget(Duration limit) {
        this.limit = Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time budget must be positive: " + limit);
        }
    }

    public static TimeBudget of(Duration limit) {
        return new TimeBudget(limit);
    }

    public Duration limit() {
        return limit;
    }

    /**
     * Runs {@code task} and returns its result, or throws when it fails or runs out of time.
     *
     * @param file     the file the task reads, named in messages (the user's file, not a temporary copy)
     * @param activity what the task does, for messages: "reading events", "checking the repaired chunk"
     * @throws RecordingInputException {@link ProblemKind#TIMED_OUT} on expiry; {@link ProblemKind#CORRUPT}
     *                                 when the task throws (a {@code RecordingInputException} thrown by
     *                                 the task is passed on as it is)
     */
    public <T> T run(Path file, String activity, Task<T> task) throws RecordingInputException {
        Progress progress = new Progress();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(task.run(progress));
            } catch (Throwable t) {
                // Throwable on purpose: a parser fed damaged sizes may throw OutOfMemoryError or
                // StackOverflowError, which must end up as a report, not a dead thread.
                result.completeExceptionally(t);
            }
        }, "maprace-budget-" + WORKERS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            progress.expire();
            worker.interrupt();
            throw new RecordingInputException(ProblemKind.TIMED_OUT, file, file + ": " + activity
                    + " did not finish within " + Numbers.duration(limit) + progress.describe()
                    + " — the recording is probably damaged; try a smaller or another recording");
        } catch (InterruptedException e) {
            progress.expire();
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new RecordingInputException(ProblemKind.TIMED_OUT, file,
                    file + ": " + activity + " was interrupted" + progress.describe() + " — run it again");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecordingInputException input) {
                throw input;
            }
            throw new RecordingInputException(ProblemKind.CORRUPT, file, file + ": " + activity + " failed"
                    + progress.describe() + ": " + reason(cause)
                    + " — the recording is damaged; if it was cut or copied while recording, open it again "
                    + "to have it repaired, otherwise record again", cause);
        }
    }

    static String reason(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return "ran out of memory (a damaged size field asks for a huge allocation)";
        }
        if (cause instanceof StackOverflowError) {
            return "stack overflow (a damaged structure loops on itself)";
        }
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + Messages.oneLine(message);
    }

    /** What a task tells the budget: how far it got, and what to close if it runs out of time. */
    public static final class Progress {
        private final AtomicLong count = new AtomicLong();
        private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
        private volatile String unit = "steps";
        private volatile String position;
        private volatile boolean expired;

        Progress() {
        }

        /** Names what {@link #advance()} counts, for messages: "events", "records". */
        public void counting(String unit) {
            this.unit = Objects.requireNonNull(unit, "unit");
        }

        public void advance() {
            count.incrementAndGet();
        }

        public void advance(long n) {
            count.addAndGet(n);
        }

        public long count() {
            return count.get();
        }

        /** Where the task is, in words ("chunk 3 of 7"); set it now and then, not per event. */
        public void at(String where) {
            this.position = where;
        }

        /** True once the budget ran out: a task that loops on its own should stop. */
        public boolean expired() {
            return expired;
        }

        /**
         * Registers a resource to close if the budget runs out, and returns it. If the budget has
         * already run out it is closed at once.
         */
        public <C extends AutoCloseable> C closeOnExpiry(C resource) {
            boolean closeNow;
            synchronized (closeables) {
                closeNow = expired;
                if (!closeNow) {
                    closeables.push(resource);
                }
            }
            if (closeNow) {
                closeQuietly(resource);
            }
            return resource;
        }

        void expire() {
            synchronized (closeables) {
                expired = true;
            }
            while (true) {
                AutoCloseable next;
                synchronized (closeables) {
                    next = closeables.poll();
                }
                if (next == null) {
                    return;
                }
                closeQuietly(next);
            }
        }

        private static void closeQuietly(AutoCloseable resource) {
            try {
                resource.close();
            } catch (Exception | LinkageError e) {
                // Closing is best effort: the task is abandoned either way.
            }
        }

        String describe() {
            long n = count.get();
            String where = position;
            StringBuilder text = new StringBuilder();
            if (n > 0 || where != null) {
                text.append(" (");
                if (n > 0) {
                    text.append("after ").append(String.format(Locale.ROOT, "%,d", n)).append(' ').append(unit);
                }
                if (where != null) {
                    text.append(n > 0 ? ", " : "").append("at ").append(where);
                }
                text.append(')');
            }
            return text.toString();
        }
    }
}
