package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;

import java.util.List;

/**
 * The JDI side of a plan, valid only on the connection it was read on. Never leaves the fix package.
 *
 * @param map the object replaced: the map, or the map inside a set
 * @param container the set whose inner map is replaced, or null
 * @param refs the references to rewrite
 * @param barrierFields the fields through which the application reaches the map (or its set): their readers are
 *                      where its threads are held
 * @param damageConfirmed the plan's integrity checks (not only its entry walk) found the map damaged: structural
 *                        damage, which stays until the map is rebuilt
 */
record FixTarget(FixPlan plan, ObjectReference map, ObjectReference container, List<Ref> refs,
                 List<Field> barrierFields, boolean damageConfirmed) {

    FixTarget {
        refs = List.copyOf(refs);
        barrierFields = List.copyOf(barrierFields);
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
