package io.maprace.events;

import java.time.Instant;

/**
 * Something a source (a JFR recording, a live JFR stream, a JDI session) observed in the target. Sources
 * translate their own types into these records at the edge; nothing downstream sees JFR or JDI types.
 */
public interface ObservedEvent {
    Instant time();
}
