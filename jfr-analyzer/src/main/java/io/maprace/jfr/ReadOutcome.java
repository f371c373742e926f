package io.maprace.jfr;

import java.time.Instant;

/**
 * How reading one file ended.
 *
 * @param finished      false when the time budget ran out first
 * @param events        events delivered to the analysis
 * @param lastEventTime the time of the last event delivered, or null
 * @param failure       why reading stopped early on damaged input, or null
 */
record ReadOutcome(boolean finished, long events, Instant lastEventTime, Throwable failure) {
}
