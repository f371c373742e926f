package io.maprace.jfr.input;

import java.util.Objects;

/**
 * One thing wrong with an input recording, with a one-line message for people that names the file,
 * says what was found and what was done or what to do.
 */
public record InputProblem(ProblemKind kind, String message) {
    public InputProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
