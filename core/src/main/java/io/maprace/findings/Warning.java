package io.maprace.findings;

import java.util.Objects;

/**
 * Something about the input that limits the report (a truncated recording, no execution samples), with its
 * stable code and a one-line message saying what to do.
 */
public record Warning(String code, String message) {

    public Warning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
