package io.maprace.jfr.chunk;

import io.maprace.events.ObservedEvent;

import java.util.List;
import java.util.Map;

/**
 * What one chunk holds for the analysis, in file order: {@link ObservedEvent}s, {@link Setting}s, {@link #FLUSH}
 * where the JDK's stream ends a segment (a flush checkpoint, and the chunk's end), {@link #IGNORED} for an event
 * of a wanted type the analysis does not use (counted all the same), and before each flush the segment's
 * {@link PlainAllocations} (allocation samples of classes no rule reads: they need no place among the samples).
 *
 * @param eventTypes the chunk's event types, id to name, as its metadata declares them
 * @param failure    why reading stopped before the chunk's end, or null: the items are those read before it
 */
public record DecodedChunk(Map<Long, String> eventTypes, List<Object> items, Throwable failure) {

    /** The end of a flush segment. */
    public static final Object FLUSH = new Marker("flush");
    /** A wanted event that translates to nothing (an allocation sample without a class). */
    public static final Object IGNORED = new Marker("ignored");

    /** A {@code jdk.ActiveSetting} event: the setting {@code name} of event type {@code typeId} is {@code value}. */
    public record Setting(long typeId, String name, String value) {
    }

    private record Marker(String name) {
    }
}
