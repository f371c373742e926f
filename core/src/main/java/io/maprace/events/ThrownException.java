package io.maprace.events;

import java.time.Instant;

/** An exception or error the target threw ({@code jdk.JavaExceptionThrow}, {@code jdk.JavaErrorThrow}). */
public record ThrownException(Instant time, ThreadRef thread, String exceptionClass, String message, CallStack stack)
        implements ObservedEvent {
}
