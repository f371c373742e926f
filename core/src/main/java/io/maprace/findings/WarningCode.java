package io.maprace.findings;

import io.maprace.error.Problem;

import java.util.Locale;

/**
 * Every warning code the tool writes, with the exit code it gives: a limit that makes the report partial (a
 * truncated recording, a scan cut at its timeout, a target that exited) exits with its problem's code, so scripts
 * can tell; a note on what was or was not examined exits 0.
 */
public enum WarningCode {
    // the input or the target limited the report
    FILE_NOT_FOUND(Problem.FILE_NOT_FOUND),
    FILE_UNREADABLE(Problem.FILE_UNREADABLE),
    NOT_A_RECORDING(Problem.NOT_A_RECORDING),
    RECORDING_EMPTY(Problem.RECORDING_EMPTY),
    RECORDING_TRUNCATED(Problem.RECORDING_TRUNCATED),
    RECORDING_CORRUPT(Problem.RECORDING_CORRUPT),
    TIME_BUDGET_EXCEEDED(Problem.TIME_BUDGET_EXCEEDED),
    NO_EXECUTION_SAMPLES(Problem.NO_EXECUTION_SAMPLES),
    UNSUPPORTED_VERSION(Problem.UNSUPPORTED_VERSION),
    TARGET_EXITED(Problem.TARGET_EXITED),
    /** The recording a JFR watch started was stopped by someone else. */
    JFR_RECORDING_LOST(Problem.JFR_RECORDING_LOST),

    // notes: what was or was not examined
    /** A JDWP agent listening beyond loopback. */
    JDWP_EXPOSED(null),
    /** A scan stopped at --limit. */
    LIMIT_REACHED(null),
    /** Objects a scan could not read. */
    READ_ERRORS(null),
    /** What the JVMTI heap walk found and cost. */
    HEAP_WALK(null),
    /** A map named to watch is thread-safe. */
    THREAD_SAFE_MAP(null),
    NOTHING_TO_WATCH(null),
    NO_WRITE_SITES(null),
    /** Classes of the target whose bytecode could not be read for write sites. */
    CLASSES_SKIPPED(null),
    /** The watch was ended early. */
    STOPPED(null),
    /** The watch sampled the writes in windows. */
    SAMPLED(null),
    NO_WRITES(null),
    /** A heap dump: weak entries its own GC cleared, on the pending list, not reported as damage. */
    DUMP_WEAK_ENTRIES(null),
    /** A heap dump holds no methods: guards by synchronized methods cannot be seen. */
    DUMP_NO_METHODS(null),
    /** Thread dumps without HotSpot's cpu= times: stuck threads judged from stacks alone. */
    NO_CPU_TIMES(null),
    /** A thread in map code in every dump that progressed: not stuck. */
    BUSY_NOT_STUCK(null),
    /** The target already recorded with JFR when the watch added its recording. */
    OTHER_RECORDINGS(null),
    /** Reading the target's recording repository failed part way. */
    STREAM_ERROR(null);

    private final Problem problem;

    WarningCode(Problem problem) {
        this.problem = problem;
    }

    /** The stable code in JSON ({@code recording-truncated}), the same as its problem's. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The command's exit code when a report carries this warning; 0 for a note. */
    public int exitCode() {
        return problem == null ? 0 : problem.exitCode();
    }

    /** The warning for a problem that limited the report without stopping it. */
    public static WarningCode of(Problem problem) {
        for (WarningCode c : values()) {
            if (c.problem == problem) {
                return c;
            }
        }
        throw new IllegalArgumentException("no warning for " + problem);
    }

    public Warning warning(String message) {
        return new Warning(this, message);
    }
}
