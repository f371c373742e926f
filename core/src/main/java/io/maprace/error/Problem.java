package io.maprace.error;

/**
 * Everything that can stop a command, with the exit code it gives. Codes are distinct so scripts can tell
 * them apart; they are part of the CLI's contract.
 */
public enum Problem {
    INTERNAL(1),
    USAGE(2),

    // recordings and files
    FILE_NOT_FOUND(3),
    FILE_UNREADABLE(4),
    NOT_A_RECORDING(5),
    RECORDING_EMPTY(6),
    RECORDING_TRUNCATED(7),
    RECORDING_CORRUPT(8),
    TIME_BUDGET_EXCEEDED(9),
    NO_EXECUTION_SAMPLES(10),
    UNSUPPORTED_VERSION(11),
    OUTPUT_UNWRITABLE(12),

    // live targets
    NO_SUCH_PROCESS(20),
    NOT_A_JAVA_PROCESS(21),
    NO_JDWP(22),
    ATTACH_FAILED(23),
    NOT_JDWP(24),
    TARGET_EXITED(25),
    AMBIGUOUS_TARGET(26),
    PERMISSION_DENIED(27),
    DEBUGGER_BUSY(28),
    PORT_IN_USE(29),
    JDK_MISSING_MODULE(30),
    /** A {@code --map} that names no loaded class, field, or no map yet. */
    MAP_NOT_FOUND(31),
    /** A {@code --map} that reaches an object that is not a Map or Set. */
    NOT_A_MAP(32),

    // heap dumps
    /** A heap dump of zero bytes. */
    DUMP_EMPTY(40),
    /** A file given as a heap dump that does not start with an HPROF header. */
    NOT_A_HEAP_DUMP(41),
    /** A heap dump that ends inside a record (cut short while written or copied). */
    DUMP_TRUNCATED(42),
    /** A heap dump with a record that cannot be (an unknown tag, a length past its segment). */
    DUMP_CORRUPT(43),
    /** Too little free disk space for a heap dump, or for unpacking a gzipped one. */
    DISK_FULL(44),
    /** The target could not write a heap dump (the Attach API refused, or the dump failed). */
    HEAP_DUMP_FAILED(45),
    /** A heap dump of a live JVM needs consent: no terminal to ask on, and no --yes. */
    CONFIRMATION_NEEDED(46),
    /** The user answered no to a heap dump of a live JVM. */
    HEAP_DUMP_DECLINED(47);

    private final int exitCode;

    Problem(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The stable code used in JSON warnings ({@code recording-truncated}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
