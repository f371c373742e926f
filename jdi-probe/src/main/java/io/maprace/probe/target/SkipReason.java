package io.maprace.probe.target;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ClassNotPreparedException;
import com.sun.jdi.InternalException;
import com.sun.jdi.InvalidTypeException;
import com.sun.jdi.ObjectCollectedException;

import java.util.Locale;

/**
 * Why a class of the target was left out of the write-site scan. A real JVM has hidden classes, lambda forms,
 * classes unloaded between listing and reading, and classes loaded but not prepared yet: each costs one skipped
 * class, counted by reason, never the watch.
 */
public enum SkipReason {
    /** Loaded but not prepared (JDWP error 22): it is scanned when its prepare event comes. */
    NOT_PREPARED,
    /** Unloaded while the scan ran (JDWP errors 20 and 21, a collected mirror). */
    UNLOADED,
    /** The JVM has no bytecodes or constant pool for it, or cannot give them. */
    UNSUPPORTED,
    /** Some information (a line table) is missing. */
    ABSENT_INFORMATION,
    /** Any other JDWP error. */
    JDWP_ERROR,
    /** Its bytecode could not be parsed or analysed. */
    UNANALYSABLE;

    /** JDWP error codes (JDWP spec, Error constants). */
    private static final int INVALID_OBJECT = 20;
    private static final int INVALID_CLASS = 21;
    private static final int CLASS_NOT_PREPARED = 22;
    private static final int ABSENT_INFORMATION_CODE = 101;
    private static final int NOT_IMPLEMENTED = 99;

    /** The name the report uses: {@code not-prepared}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Why a read of a target class failed; null when the failure is not about that class. */
    public static SkipReason of(Exception e) {
        if (e instanceof ClassNotPreparedException) {
            return NOT_PREPARED;
        }
        if (e instanceof ObjectCollectedException || e instanceof InvalidTypeException) {
            return UNLOADED;
        }
        if (e instanceof AbsentInformationException) {
            return ABSENT_INFORMATION;
        }
        if (e instanceof UnsupportedOperationException) {
            return UNSUPPORTED;
        }
        if (e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException
                || e instanceof java.io.UncheckedIOException) {
            return UNANALYSABLE;
        }
        if (e instanceof InternalException i) {
            return switch (i.errorCode()) {
                case INVALID_OBJECT, INVALID_CLASS -> UNLOADED;
                case CLASS_NOT_PREPARED -> NOT_PREPARED;
                case ABSENT_INFORMATION_CODE -> ABSENT_INFORMATION;
                case NOT_IMPLEMENTED -> UNSUPPORTED;
                default -> JDWP_ERROR;
            };
        }
        return null;
    }
}
