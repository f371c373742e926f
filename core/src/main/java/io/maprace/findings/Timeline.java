package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.maprace.events.ThreadRef;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the relevant threads did over a recording's span, one lane per thread: when they were sampled in map code
 * (by site), stuck in it, caught beside another writer, waiting for a lock, or throwing from map code. Each mark
 * names the finding it belongs to, when one does. A live scan or watch has no span to draw: its timeline is
 * {@link #EMPTY}.
 *
 * @param start the span's start (null when empty)
 * @param end   the span's end (null when empty)
 * @param sites the map-code sites the marks name, by index: a mark's {@code site} is an index into this list
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timeline(Instant start, Instant end, List<String> sites, List<Lane> lanes) {

    public static final Timeline EMPTY = new Timeline(null, null, List.of(), List.of());

    public Timeline {
        sites = List.copyOf(sites);
        lanes = List.copyOf(lanes);
    }

    /** One thread's marks, in time order. */
    public record Lane(ThreadRef thread, List<Mark> marks) {
        public Lane {
            marks = List.copyOf(marks);
        }
    }

    /**
     * One thing seen on a lane.
     *
     * @param from    when it began
     * @param to      when it ended (equal to {@code from} for a moment)
     * @param site    index into {@link Timeline#sites()}, or -1 when it names no site (a lock wait)
     * @param count   samples or events it stands for
     * @param finding the id of the finding it belongs to, or null
     * @param detail  what it was: a lock's or an exception's class; null for samples
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mark(Kind kind, Instant from, Instant to, int site, int count, String finding, String detail) {
    }

    public enum Kind {
        /** Execution samples in map code at one site, binned. */
        MAP_SAMPLES,
        /** A run of samples that stayed inside map internals. */
        STUCK_RUN,
        /** Sampled writing at a site in the same sampling period as another thread. */
        CO_SAMPLED,
        /** A wait for a lock. */
        LOCK_WAIT,
        /** An exception thrown inside map code. */
        EXCEPTION;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
