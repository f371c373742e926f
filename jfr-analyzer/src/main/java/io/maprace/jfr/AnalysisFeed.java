package io.maprace.jfr;

import io.maprace.events.AllocationSample;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.jfr.chunk.DecodedChunk;
import io.maprace.jfr.chunk.PlainAllocations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader of recordings hands to the {@link io.maprace.rules.Analysis}, in the order it reads: events, sampling settings and
 * segment ends, turned into the steps of an {@link AnalysisPipe}. Both readers (the JDK's parser through
 * {@link StreamFeeder}, and {@link LeanFileReader}) go through here, so the analysis sees the same steps from
 * either.
 *
 * <p>Only execution and allocation samples need time order (sampling periods, runs of samples), so they alone are
 * buffered and sent, to be sorted, at each segment end; other events go on at once, in batches.
 */
final class AnalysisFeed {

    /** Other events are sent in batches of at most this many steps, so a long segment is not held whole. */
    private static final int BATCH = 4096;

    private final AnalysisPipe pipe;
    private final AnalysisProgress progress;
    private final SamplingPeriods periods = new SamplingPeriods();
    /* Written under the lock, read by other threads (progress, the time budget). */
    private volatile long events;
    /** Guards what is read: a reader abandoned on timeout may still be delivering on its own thread. */
    private final Object lock = new Object();
    private volatile boolean stopped;
    private volatile Instant lastEventTime;
    private SampleBuffer pending = new SampleBuffer();
    /** Steps read and not yet sent, in the order the analysis must see them. */
    private List<Object> batch = new ArrayList<>();

    AnalysisFeed(AnalysisPipe pipe, AnalysisProgress progress) {
        this.pipe = pipe;
        this.progress = progress;
    }

    /** An event type of the recording's metadata: settings name event types by id. */
    void eventType(long id, String name) {
        synchronized (lock) {
            periods.eventType(id, name);
        }
    }

    /** A {@code jdk.ActiveSetting} event. */
    void setting(long typeId, String name, String value) {
        synchronized (lock) {
            if (!stopped) {
                settingHeld(typeId, name, value);
            }
        }
    }

    /** A wanted event as maprace sees it, or null for one that says nothing to the analysis (still counted). */
    void event(ObservedEvent o) {
        synchronized (lock) {
            if (!stopped) {
                eventHeld(o);
            }
        }
    }

    /**
     * What the lean reader decoded of one chunk, in file order, under one hold of the lock rather than one per
     * event (a chunk has thousands).
     */
    void chunk(DecodedChunk chunk) {
        synchronized (lock) {
            chunk.eventTypes().forEach(periods::eventType);
            for (Object item : chunk.items()) {
                if (stopped) {
                    return;
                }
                if (item instanceof ObservedEvent e) {
                    eventHeld(e);
                } else if (item == DecodedChunk.FLUSH) {
                    segmentEndHeld();
                } else if (item instanceof DecodedChunk.Setting s) {
                    settingHeld(s.typeId(), s.name(), s.value());
                } else if (item instanceof PlainAllocations p) {
                    events += p.size();
                    pending.addPlainAllocations(p);
                } else if (item == DecodedChunk.IGNORED) {
                    eventHeld(null);
                } else {
                    throw new IllegalStateException("not a chunk item: " + item);
                }
            }
        }
    }

    private void settingHeld(long typeId, String name, String value) {
        events++;
        periods.setting(typeId, name, value);
        add(new AnalysisPipe.PeriodChange(periods.period()));
        reportProgress();
    }

    private void eventHeld(ObservedEvent o) {
        events++;
        if (o instanceof StackSample || o instanceof AllocationSample) {
            pending.add(o);
        } else if (o != null) {
            add(o);
            lastEventTime = o.time();
        }
        reportProgress();
    }

    private void reportProgress() {
        if ((events & 0x3FF) == 0 && lastEventTime != null) {
            progress.at(lastEventTime);
        }
    }

    /** End of a flush segment or chunk: order restarts. Returns false once stopped. */
    boolean segmentEnd() {
        synchronized (lock) {
            if (stopped) {
                return false;
            }
            segmentEndHeld();
            return true;
        }
    }

    private void segmentEndHeld() {
        dispatchPending();
        batch.add(AnalysisPipe.SEGMENT_END);
        send();
    }

    private void add(Object step) {
        batch.add(step);
        if (batch.size() >= BATCH) {
            send();
        }
    }

    private void send() {
        if (!batch.isEmpty()) {
            pipe.send(batch);
            batch = new ArrayList<>();
        }
    }

    private void dispatchPending() {
        if (!pending.isEmpty()) {
            batch.add(new AnalysisPipe.Samples(pending));
            lastEventTime = pending.latest();
            pending = new SampleBuffer();
        }
    }

    /**
     * Stops feeding: what is buffered is analyzed, and later deliveries are ignored. On return the analysis has
     * seen everything read and is the caller's again.
     */
    void stop() {
        synchronized (lock) {
            if (!stopped) {
                dispatchPending();
                send();
            }
            stopped = true;
        }
        pipe.finish();
    }

    boolean stopped() {
        return stopped;
    }

    long events() {
        return events;
    }

    Instant lastEventTime() {
        return lastEventTime;
    }
}
