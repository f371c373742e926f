package io.maprace.error;

/**
 * A problem with the user's input or target that stops a command. The message is one line that names the bad
 * value and says what to do; the CLI prints it as is and exits with {@link Problem#exitCode()}.
 */
public class MapraceException extends RuntimeException {

    private final Problem problem;

    public MapraceException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public MapraceException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
