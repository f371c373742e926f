package io.maprace.jfr;

import io.maprace.events.ObservedEvent;
import io.maprace.jfr.events.JfrEventNames;
import io.maprace.jfr.events.JfrTranslator;
import io.maprace.rules.Analysis;
import jdk.jfr.EventType;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects any JFR {@link EventStream} (a file, a repository being written, a live {@code RecordingStream} or
 * {@code RemoteRecordingStream}) to an {@link Analysis}. Only the events the rules read are subscribed, so the
 * parser skips the rest.
 */
public final class StreamFeeder {

    private final Analysis analysis;
    private final AnalysisProgress progress;
    private final JfrTranslator translator = new JfrTranslator();
    private final SamplingPeriods periods = new SamplingPeriods();
    private final AtomicLong events = new AtomicLong();
    /** Guards the analysis: a stream abandoned on timeout may still be delivering on its own thread. */
    private final Object lock = new Object();
    private volatile boolean stopped;
    private volatile Instant lastEventTime;

    public StreamFeeder(Analysis analysis, AnalysisProgress progress) {
        this.analysis = analysis;
        this.progress = progress;
    }

    public void attach(EventStream stream) {
        stream.setOrdered(true);
        stream.onMetadata(m -> {
            for (EventType t : m.getEventTypes()) {
                periods.eventType(t.getId(), t.getName());
            }
        });
        for (String name : JfrEventNames.ALL) {
            stream.onEvent(name, this::onEvent);
        }
        stream.onFlush(this::segmentEnd);
    }

    private void onEvent(RecordedEvent e) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            events.incrementAndGet();
            if (JfrEventNames.ACTIVE_SETTING.equals(e.getEventType().getName())) {
                periods.setting(e.getLong("id"), e.getString("name"), e.getString("value"));
                analysis.samplingPeriod(periods.period());
                return;
            }
            ObservedEvent o = translator.translate(e);
            if (o != null) {
                analysis.accept(o);
                lastEventTime = o.time();
            }
        }
        if ((events.get() & 0x3FF) == 0 && lastEventTime != null) {
            progress.at(lastEventTime);
        }
    }

    /** End of a flush segment or chunk: order restarts and pooled objects change. */
    public void segmentEnd() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            analysis.segmentEnd();
            translator.segmentEnd();
        }
    }

    /** Stops feeding: later deliveries from an abandoned stream are ignored. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
        }
    }

    public long events() {
        return events.get();
    }

    public Instant lastEventTime() {
        return lastEventTime;
    }
}
