package io.maprace.probe.fix;

import com.sun.jdi.ClassNotLoadedException;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.InvalidTypeException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a map's state into an instance of its synchronized subclass, allocated without a constructor: every
 * instance field copied as it is (the same table and nodes: the cost does not grow with the size), the JDK's
 * fields from {@code jdkSource} (the map itself, or a rebuilt copy when it was damaged), the fields an
 * application subclass adds ({@code maxSize}) from the map. Cached views are cleared: they point at the old
 * object. Final fields go through Unsafe (JDI refuses them), the rest through JDI.
 */
final class StateMove {

    /** Lazily created views of the map, bound to the object that made them. */
    private static final Set<String> VIEWS = Set.of("keySet", "values", "entrySet");

    private StateMove() {
    }

    static ObjectReference into(TargetOps ops, ClassType sync, ObjectReference map, ObjectReference jdkSource) {
        ObjectReference moved = ops.allocate(sync);
        List<Field> fromJdk = new ArrayList<>();
        List<Field> fromApp = new ArrayList<>();
        for (Field f : map.referenceType().allFields()) {
            if (!f.isStatic()) {
                (f.declaringType().name().startsWith("java.") ? fromJdk : fromApp).add(f);
            }
        }
        copy(ops, jdkSource.getValues(fromJdk), moved);
        copy(ops, map.getValues(fromApp), moved);
        return moved;
    }

    /** Moves the current state of the synchronized map back into the object it replaced (for --undo). */
    static void back(TargetOps ops, ObjectReference sync, ObjectReference original) {
        List<Field> fields = new ArrayList<>();
        for (Field f : original.referenceType().allFields()) {
            if (!f.isStatic()) {
                fields.add(f);
            }
        }
        copy(ops, sync.getValues(fields), original);
    }

    private static void copy(TargetOps ops, Map<Field, Value> values, ObjectReference to) {
        for (Map.Entry<Field, Value> e : values.entrySet()) {
            Field f = e.getKey();
            Value v = VIEWS.contains(f.name()) && f.declaringType().name().startsWith("java.") ? null : e.getValue();
            if (v == null && !(f.signature().startsWith("L") || f.signature().startsWith("["))) {
                continue;
            }
            if (f.isFinal()) {
                ops.putFinal(f, to, v);
            } else {
                try {
                    to.setValue(f, v);
                } catch (InvalidTypeException | ClassNotLoadedException ex) {
                    throw new IllegalStateException("cannot copy " + f.name() + " into the new map", ex);
                }
            }
        }
    }
}
