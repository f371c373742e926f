package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ArrayType;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The application objects a JDK collection holds (a map's values, and its keys; a list's, set's or array's
 * elements), read through JDI from its fields: the walk enters the collection's own parts (its nodes, entries and
 * tables: classes nested in its class or a superclass, and arrays) and stops at application objects. Nested
 * collections are not entered: {@code [*]} steps one level, as in {@code watch}; the JDK's synchronized and
 * unmodifiable wrappers are seen through. Bounded: a JDWP round trip per object read.
 */
final class HeldObjects {

    /** Fields of a collection that cache views of it or point elsewhere than its contents. */
    private static final Set<String> NOT_CONTENT = Set.of("keySet", "values", "entrySet", "navigableKeySet",
            "descendingMap", "descendingSet", "comparator", "queue", "this$0", "mutex", "lock");

    private HeldObjects() {
    }

    /** At most {@code limit} objects, in the order met; the parts read at most 20 times as many. */
    static List<ObjectReference> of(ObjectReference held, int limit) {
        ObjectReference collection = unwrapped(held);
        Set<String> partPrefixes = new HashSet<>();
        for (ReferenceType t = collection.referenceType(); t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            partPrefixes.add(t.name() + "$");
        }
        List<ObjectReference> found = new ArrayList<>();
        Set<ObjectReference> seen = new HashSet<>();
        Deque<ObjectReference> parts = new ArrayDeque<>();
        parts.add(collection);
        seen.add(collection);
        int reads = 0;
        while (!parts.isEmpty() && found.size() < limit && reads++ < limit * 20) {
            ObjectReference o = parts.poll();
            List<? extends Value> values;
            if (o instanceof ArrayReference a) {
                values = a.length() == 0 ? List.of() : a.getValues();
            } else {
                List<Field> fields = new ArrayList<>();
                for (Field f : o.referenceType().allFields()) {
                    String sig = f.signature();
                    if (!f.isStatic() && (sig.startsWith("L") || sig.startsWith("[")) && !NOT_CONTENT.contains(f.name())) {
                        fields.add(f);
                    }
                }
                values = new ArrayList<>(o.getValues(fields).values());
            }
            for (Value v : values) {
                if (!(v instanceof ObjectReference r) || !seen.add(r)) {
                    continue;
                }
                ReferenceType t = r.referenceType();
                if (t instanceof ArrayType at && !at.componentSignature().startsWith("L")
                        && !at.componentSignature().startsWith("[")) {
                    continue; // a primitive array holds no object
                }
                if (t instanceof ArrayType || partOf(t.name(), partPrefixes)) {
                    parts.add(r);
                } else if (!Fields.jdk(t.name()) && found.size() < limit) {
                    found.add(r);
                }
            }
        }
        return found;
    }

    /**
     * The collection inside the JDK's synchronized, unmodifiable and checked wrappers ({@code m}, {@code c}): what
     * they hold is its content.
     */
    private static ObjectReference unwrapped(ObjectReference o) {
        for (int depth = 0; depth < 4 && o.referenceType().name().startsWith("java.util.Collections$"); depth++) {
            Field inner = Fields.find(o.referenceType(), "m") != null ? Fields.find(o.referenceType(), "m")
                    : Fields.find(o.referenceType(), "c");
            if (inner == null || !(o.getValue(inner) instanceof ObjectReference wrapped)) {
                break;
            }
            o = wrapped;
        }
        return o;
    }

    private static boolean partOf(String className, Set<String> prefixes) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
