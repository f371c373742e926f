package io.maprace.cli;

import io.maprace.probe.target.AttachedVm;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) during a live command: the command is stopped and its report so far is written before the
 * session detaches. The session's shutdown hook runs {@code stop}, waits (bounded) until {@link #close} says the
 * report is written, runs {@code release}, then frees the target. The process still exits with the signal's code.
 */
final class InterruptedReport implements AutoCloseable {

    /** Longest wait for the report on Ctrl-C: the target is freed after it whatever happens. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final CountDownLatch written = new CountDownLatch(1);

    private InterruptedReport() {
    }

    /**
     * @param stop ends the command early (any thread)
     * @param release what to free once the report is written or the wait is over, before the detach
     */
    static InterruptedReport arm(AttachedVm attached, Runnable stop, Runnable release) {
        InterruptedReport gate = new InterruptedReport();
        attached.beforeInterruptDetach(() -> {
            stop.run();
            try {
                gate.written.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.run();
        });
        return gate;
    }

    /** The report is written (or the command failed): the detach may go on. */
    @Override
    public void close() {
        written.countDown();
    }
}
