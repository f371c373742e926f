package io.maprace.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.jfr.input.InputProblem;
import io.maprace.jfr.input.ProblemKind;
import io.maprace.jfr.input.RecordingInputException;

/** Translates the input layer's problems into the CLI's problems and exit codes. */
final class InputProblems {

    private InputProblems() {
    }

    static Problem problem(ProblemKind kind) {
        return switch (kind) {
            case NOT_FOUND -> Problem.FILE_NOT_FOUND;
            case UNREADABLE, IO_ERROR -> Problem.FILE_UNREADABLE;
            case EMPTY -> Problem.RECORDING_EMPTY;
            case NOT_JFR -> Problem.NOT_A_RECORDING;
            case UNSUPPORTED_VERSION -> Problem.UNSUPPORTED_VERSION;
            case TRUNCATED, UNFINISHED -> Problem.RECORDING_TRUNCATED;
            case CORRUPT, TRAILING_GARBAGE -> Problem.RECORDING_CORRUPT;
            case TIMED_OUT -> Problem.TIME_BUDGET_EXCEEDED;
        };
    }

    static Warning warning(InputProblem p) {
        return WarningCode.of(problem(p.kind())).warning(p.message());
    }

    static MapraceException error(RecordingInputException e) {
        return new MapraceException(problem(e.kind()), e.getMessage(), e);
    }
}
