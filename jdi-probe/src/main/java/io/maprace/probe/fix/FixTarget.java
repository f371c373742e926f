package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;

import java.util.List;

/**
 * The JDI side of a plan: the map and the references to it, valid only on the connection they were read on.
 * Never leaves the fix package.
 */
record FixTarget(FixPlan plan, ObjectReference map, List<Ref> refs, Field pathField, ClassType pathFieldOwner) {

    FixTarget {
        refs = List.copyOf(refs);
    }

    /** A reference to the map: a static field, a field of an object, or an array slot. */
    record Ref(FixPlan.Holder holder, Field field, ObjectReference object, ArrayReference array, int slot) {

        static Ref staticField(FixPlan.Holder h, Field f) {
            return new Ref(h, f, null, null, -1);
        }

        static Ref instanceField(FixPlan.Holder h, Field f, ObjectReference o) {
            return new Ref(h, f, o, null, -1);
        }

        static Ref arraySlot(FixPlan.Holder h, ArrayReference a, int slot) {
            return new Ref(h, null, null, a, slot);
        }
    }
}
