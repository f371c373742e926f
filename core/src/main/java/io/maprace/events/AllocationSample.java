package io.maprace.events;

import java.time.Instant;

/**
 * A sampled allocation ({@code jdk.ObjectAllocationSample}): a map allocated where it is written suggests a
 * map confined to the call.
 */
public record AllocationSample(Instant time, ThreadRef thread, String objectClass, CallStack stack)
        implements ObservedEvent {
}
