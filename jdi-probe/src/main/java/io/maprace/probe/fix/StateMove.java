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

    /** Lazily created views of the map, bound to the object that made them (TreeMap has two more). */
    private static final Set<String> VIEWS = Set.of("keySet", "values", "entrySet", "navigableKeySet",
            "descendingMap");
    /** The JDK map classes whose whole state is in their instance fields, with no back reference to the map. */
    private static final Set<String> MOVABLE = Set.of("java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.WeakHashMap", "java.util.TreeMap", "java.util.IdentityHashMap");

    private StateMove() {
    }

    /** Whether maprace can move the state of a map of this JDK family into a subclass instance. */
    static boolean movable(String family) {
        return family != null && MOVABLE.contains(family);
    }

    static ObjectReference into(TargetOps ops, ClassType sync, ObjectReference map, ObjectReference jdkSource) {
        ObjectReference moved = ops.allocate(sync);
        copy(ops, jdkSource.getValues(fields(map, StateMove::jdk)), moved);
        copy(ops, map.getValues(fields(map, f -> !jdk(f))), moved);
        return moved;
    }

    /**
     * A new instance of {@code sync} holding the final fields of {@code map} only (the load factor, the access
     * order, the reference queue, an application's {@code maxSize}), made before the swap: final fields are set
     * at construction and never change after, and each costs a few calls into the target through Unsafe, which
     * the map's users should not wait for. {@link #rest} moves the rest while they are held.
     */
    static ObjectReference withFinals(TargetOps ops, ClassType sync, ObjectReference map) {
        ObjectReference moved = ops.allocate(sync);
        copy(ops, map.getValues(fields(map, Field::isFinal)), moved);
        return moved;
    }

    /** Moves the fields that change (table, size, counts, list links) into an instance made by {@link #withFinals}. */
    static void rest(ObjectReference moved, ObjectReference map) {
        for (Map.Entry<Field, Value> e : map.getValues(fields(map, f -> !f.isFinal())).entrySet()) {
            Field f = e.getKey();
            if (VIEWS.contains(f.name()) && jdk(f) || e.getValue() == null) {
                continue; // a fresh instance's views and nulls are null already
            }
            set(moved, f, e.getValue());
        }
    }

    /** The instance fields of the map's class that {@code which} accepts. */
    private static List<Field> fields(ObjectReference map, java.util.function.Predicate<Field> which) {
        List<Field> found = new ArrayList<>();
        for (Field f : map.referenceType().allFields()) {
            if (!f.isStatic() && which.test(f)) {
                found.add(f);
            }
        }
        return found;
    }

    /** A field the JDK declares (the rest an application subclass adds). */
    private static boolean jdk(Field f) {
        return f.declaringType().name().startsWith("java.");
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
            Value v = VIEWS.contains(f.name()) && jdk(f) ? null : e.getValue();
            if (v == null && !(f.signature().startsWith("L") || f.signature().startsWith("["))) {
                continue;
            }
            if (f.isFinal()) {
                ops.putFinal(f, to, v);
            } else {
                set(to, f, v);
            }
        }
    }

    private static void set(ObjectReference to, Field f, Value v) {
        try {
            to.setValue(f, v);
        } catch (InvalidTypeException | ClassNotLoadedException ex) {
            throw new IllegalStateException("cannot copy " + f.name() + " into the new map", ex);
        }
    }
}
