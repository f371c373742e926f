package io.maprace.events;

import java.time.Instant;

/** A periodic execution sample of a running thread ({@code jdk.ExecutionSample}). */
public record StackSample(Instant time, ThreadRef thread, CallStack stack) implements ObservedEvent {
}
