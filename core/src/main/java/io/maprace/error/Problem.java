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
    /** {@code fix --from}: the file is not a maprace JSON report. */
    NOT_A_REPORT(13),
    /** maprace's own heap was too small for the work (a large dump or recording): raise its {@code -Xmx}. */
    OUT_OF_MEMORY(14),

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
    HEAP_DUMP_DECLINED(47),
    // live flight recordings started through the Attach API (watch without JDWP)
    /** The target runs with {@code -XX:-FlightRecorder}: it cannot record. */
    JFR_DISABLED(50),
    /** {@code JFR.start} failed for another reason (its repository's disk full, a bad option). */
    JFR_START_FAILED(51),
    /** The target's recording repository cannot be found or read from here. */
    JFR_REPOSITORY_UNREADABLE(52),
    /** The recording maprace started was stopped by someone else while the watch ran. */
    JFR_RECORDING_LOST(53),

    // fix: replacing a map in a live target
    /** The map named is already thread-safe: nothing to replace. */
    FIX_ALREADY_SAFE(60),
    /** The holder's declared type admits no thread-safe replacement (a {@code final} application class). */
    FIX_NO_SAFE_TYPE(61),
    /** A reference to the map cannot be rewritten (a field maprace cannot write, a type it cannot check). */
    FIX_REFERENCE_NOT_WRITABLE(62),
    /** The target exited or the session was lost during the swap; the undo record says what was done. */
    FIX_INTERRUPTED(63),
    /** The map was already replaced by an earlier fix (its audit record names it). */
    FIX_ALREADY_FIXED(64),
    /** {@code fix} was not confirmed: no {@code --yes} and no answer on stdin. */
    FIX_NOT_CONFIRMED(65),
    /** A thread keeps using the map where no barrier holds it (a local variable), so no safe moment came. */
    FIX_MAP_IN_USE(66),
    /** {@code fix --undo}: no record, or the objects it names can no longer be found. */
    FIX_UNDO_IMPOSSIBLE(67);

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
