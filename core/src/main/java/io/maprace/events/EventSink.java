package io.maprace.events;

/**
 * Consumes observed events in the order a source delivers them. Sources guarantee time order only within a
 * segment (a JFR chunk); {@link #segmentEnd()} marks the boundary.
 */
public interface EventSink {

    void accept(ObservedEvent event);

    /** The source finished a segment whose events were in time order; the next may overlap it. */
    default void segmentEnd() {
    }
}
