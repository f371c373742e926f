package io.maprace.events;

import java.time.Instant;

/** A periodic thread dump in {@code jstack} form ({@code jdk.ThreadDump}). */
public record ThreadDumpText(Instant time, String text) implements ObservedEvent {
}
