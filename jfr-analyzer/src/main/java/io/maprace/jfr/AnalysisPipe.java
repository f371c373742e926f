package io.maprace.jfr;

import io.maprace.events.ObservedEvent;
import io.maprace.rules.Analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Carries what a {@link StreamFeeder} reads into the {@link Analysis}, in the order it was read: batches of
 * steps (observed events, a segment's samples, sampling-period changes, segment ends), applied on the caller's
 * thread or on one thread of its own. Threaded, the rules run while the parser reads on: they take about as
 * long as parsing and translating, and the order of steps, hence the findings, is the same either way.
 */
abstract class AnalysisPipe {

    /** Marks the end of a flush segment in a batch. */
    static final Object SEGMENT_END = new Object();

    /** The execution-sample period as the recording's settings have it so far (null: not known). */
    record PeriodChange(Duration period) {
    }

    /**
     * A segment's execution and allocation samples in file order: they are analyzed in time order, which the
     * JDK's unordered stream does not keep. Sorted where they are applied, off the parser's thread.
     */
    record Samples(List<ObservedEvent> events, long[] times) {
    }

    private final Analysis analysis;

    private AnalysisPipe(Analysis analysis) {
        this.analysis = analysis;
    }

    /** A pipe that applies each batch at once, on the feeding thread. */
    static AnalysisPipe inline(Analysis analysis) {
        return new Inline(analysis);
    }

    /**
     * A pipe that applies each batch at once and keeps it, so that {@link Logged#replay} can run the whole
     * analysis again on a fresh {@link Analysis} for interim findings (the rules' {@code findings} end them).
     */
    static Logged logged(Analysis analysis, int maxSteps) {
        return new Logged(analysis, maxSteps);
    }

    /** A pipe that applies batches on a thread of its own, at most a few batches behind the feeder. */
    static AnalysisPipe threaded(Analysis analysis) {
        return new Threaded(analysis);
    }

    /** Hands over a batch; the caller must not touch it afterwards. */
    abstract void send(List<Object> steps);

    /** Waits until every batch sent has been applied; the analysis is the caller's again afterwards. */
    abstract void finish();

    final void apply(List<Object> steps) {
        for (Object step : steps) {
            if (step instanceof ObservedEvent e) {
                analysis.accept(e);
            } else if (step instanceof Samples s) {
                // A stable sort: samples of one instant keep their file order.
                TimeOrder.sort(s.events(), s.times());
                s.events().forEach(analysis::accept);
            } else if (step instanceof PeriodChange p) {
                analysis.samplingPeriod(p.period());
            } else if (step == SEGMENT_END) {
                analysis.segmentEnd();
            } else {
                throw new IllegalArgumentException("not a step: " + step);
            }
        }
    }

    private static final class Inline extends AnalysisPipe {
        Inline(Analysis analysis) {
            super(analysis);
        }

        @Override
        void send(List<Object> steps) {
            apply(steps);
        }

        @Override
        void finish() {
        }
    }

    static final class Logged extends AnalysisPipe {
        private final List<List<Object>> log = new ArrayList<>();
        private final int maxSteps;
        private int steps;
        private boolean overflowed;

        Logged(Analysis analysis, int maxSteps) {
            super(analysis);
            this.maxSteps = maxSteps;
        }

        @Override
        void send(List<Object> batch) {
            apply(batch);
            synchronized (log) {
                if (!overflowed) {
                    steps += batch.size();
                    overflowed = steps > maxSteps;
                    if (overflowed) {
                        log.clear();
                    } else {
                        log.add(batch);
                    }
                }
            }
        }

        @Override
        void finish() {
        }

        /** Applies every batch kept so far to {@code fresh}; false when too many were sent to keep them. */
        boolean replay(Analysis fresh) {
            List<List<Object>> copy;
            synchronized (log) {
                if (overflowed) {
                    return false;
                }
                copy = new ArrayList<>(log);
            }
            AnalysisPipe into = inline(fresh);
            copy.forEach(into::apply);
            return true;
        }
    }

    private static final class Threaded extends AnalysisPipe {
        /** Few batches in flight: each holds up to a flush segment of samples, and memory must stay bounded. */
        private static final int IN_FLIGHT = 4;
        /** Compared by identity: a batch of its own, never sent by a feeder. */
        private static final List<Object> END = new ArrayList<>(0);

        private final BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
        private final Thread worker;
        private volatile Throwable failure;
        private boolean finished;

        Threaded(Analysis analysis) {
            super(analysis);
            worker = new Thread(this::run, "maprace-analysis");
            worker.setDaemon(true);
            worker.start();
        }

        private void run() {
            while (true) {
                List<Object> steps = uninterruptibly(queue::take);
                if (steps == END) {
                    return;
                }
                if (failure == null) {
                    try {
                        apply(steps);
                    } catch (Throwable t) {
                        // Kept for finish(); later batches are still taken so the feeder never blocks for good.
                        failure = t;
                    }
                }
            }
        }

        @Override
        void send(List<Object> steps) {
            uninterruptibly(() -> {
                queue.put(steps);
                return null;
            });
        }

        @Override
        void finish() {
            if (!finished) {
                finished = true;
                send(END);
                uninterruptibly(() -> {
                    worker.join();
                    return null;
                });
            }
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        /** Blocking calls the feeder and the worker must see through: an interrupt is kept, not lost. */
        private static <T> T uninterruptibly(Blocking<T> call) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return call.run();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @FunctionalInterface
        private interface Blocking<T> {
            T run() throws InterruptedException;
        }
    }
}
