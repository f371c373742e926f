package io.maprace.jfr.input;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The input recording cannot be analyzed. The message is one line for people: it names the file,
 * says what is wrong and what to do. Callers print it, never the stack trace.
 */
public final class RecordingInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ProblemKind kind;
    private final transient Path file;

    public RecordingInputException(ProblemKind kind, Path file, String message) {
        this(kind, file, message, null);
    }

    public RecordingInputException(ProblemKind kind, Path file, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.file = file;
    }

    public ProblemKind kind() {
        return kind;
    }

    /** The file the problem is about, when there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public InputProblem toProblem() {
        return new InputProblem(kind, getMessage());
    }
}
