package io.maprace.probe.fix;

import com.sun.jdi.ClassNotLoadedException;
import com.sun.jdi.ClassType;
import com.sun.jdi.InvalidTypeException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.Value;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

/**
 * Reads and writes one reference to the map. Plain fields and array slots go through JDI, which checks the type;
 * final fields through Unsafe, after the type is checked here.
 */
final class References {

    private References() {
    }

    static Value read(FixTarget.Ref r) {
        if (r.array() != null) {
            return r.array().getValue(r.slot());
        }
        return r.field().isStatic() ? r.field().declaringType().getValue(r.field()) : r.object().getValue(r.field());
    }

    /**
     * Points every reference at {@code value}; if one cannot be written, those already written get
     * {@code previous} back before the failure is reported: never two holders on two different maps.
     */
    static void writeAll(TargetOps ops, java.util.List<FixTarget.Ref> refs, ObjectReference value,
                         ObjectReference previous, java.util.List<String> notes) {
        java.util.List<FixTarget.Ref> written = new java.util.ArrayList<>();
        try {
            for (FixTarget.Ref r : refs) {
                write(ops, r, value);
                written.add(r);
            }
        } catch (RuntimeException e) {
            for (FixTarget.Ref r : written) {
                try {
                    write(ops, r, previous);
                } catch (RuntimeException again) {
                    notes.add("could not put the previous map back into " + r.holder().label());
                }
            }
            throw e;
        }
    }

    static void write(TargetOps ops, FixTarget.Ref r, ObjectReference value) {
        try {
            if (r.array() != null) {
                r.array().setValue(r.slot(), value);
            } else if (r.field().isFinal()) {
                if (!TargetOps.assignable(value.referenceType(), r.holder().declaredType())) {
                    throw new MapraceException(Problem.FIX_REFERENCE_NOT_WRITABLE, r.holder().label() + " is declared "
                            + r.holder().declaredType() + ": a " + value.referenceType().name() + " does not fit");
                }
                ops.putFinal(r.field(), r.object(), value);
            } else if (r.field().isStatic()) {
                ((ClassType) r.field().declaringType()).setValue(r.field(), value);
            } else {
                r.object().setValue(r.field(), value);
            }
        } catch (InvalidTypeException | ClassNotLoadedException | IllegalArgumentException e) {
            throw new MapraceException(Problem.FIX_REFERENCE_NOT_WRITABLE, "cannot write " + r.holder().label() + ": "
                    + e.getMessage(), e);
        }
        if (!value.equals(read(r))) {
            throw new MapraceException(Problem.FIX_REFERENCE_NOT_WRITABLE, r.holder().label()
                    + " did not take the new value");
        }
    }
}
