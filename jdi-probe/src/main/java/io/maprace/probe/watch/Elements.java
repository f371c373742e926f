package io.maprace.probe.watch;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;

/**
 * One element of a collection in the target, read through its fields (never by running its code): the first
 * value of a map, element of a set, array or list. What a {@code [*]} step of a path needs to learn which field
 * comes next.
 */
final class Elements {

    private Elements() {
    }

    /** The first non-null value (for a set: element), or null when empty or of a kind not understood. */
    static ObjectReference first(ObjectReference collection) {
        return first(collection, false, 0);
    }

    private static ObjectReference first(ObjectReference c, boolean keys, int depth) {
        if (c == null || depth > 4) {
            return null;
        }
        if (c instanceof ArrayReference array) {
            return firstOfArray(array, 1, 0);
        }
        String type = c.referenceType().name();
        if (isA(c.referenceType(), "java.util.HashSet")) {
            return first(object(c, "map"), true, depth + 1);
        }
        if (type.startsWith("java.util.Collections$") && field(c.referenceType(), "m") != null) {
            return first(object(c, "m"), keys || type.contains("Set"), depth + 1); // wrappers, newSetFromMap
        }
        if (type.startsWith("java.util.Collections$") && field(c.referenceType(), "c") != null) {
            return first(object(c, "c"), keys, depth + 1); // collection wrappers
        }
        if (isA(c.referenceType(), "java.util.ArrayList")) {
            return firstOfArray(array(c, "elementData"), 1, 0);
        }
        if (isA(c.referenceType(), "java.util.IdentityHashMap")) {
            return firstOfArray(array(c, "table"), 2, keys ? 0 : 1); // key, value, key, value...
        }
        if (isA(c.referenceType(), "java.util.TreeMap")) {
            ObjectReference root = object(c, "root");
            return root == null ? null : object(root, keys ? "key" : "value");
        }
        ArrayReference table = array(c, "table"); // HashMap, LinkedHashMap, WeakHashMap, ConcurrentHashMap
        if (table != null) {
            for (Value v : table.getValues()) {
                if (v instanceof ObjectReference node) {
                    ObjectReference element = keys ? key(node) : object(node, field(node.referenceType(), "value")
                            != null ? "value" : "val");
                    if (element != null) {
                        return element;
                    }
                }
            }
        }
        return null;
    }

    private static ObjectReference key(ObjectReference node) {
        if (field(node.referenceType(), "referent") != null) {
            return object(node, "referent"); // a WeakHashMap entry is the weak reference to its key
        }
        return object(node, "key");
    }

    private static ObjectReference firstOfArray(ArrayReference array, int stride, int offset) {
        if (array == null) {
            return null;
        }
        int length = Math.min(array.length(), 1 << 16);
        java.util.List<Value> values = array.getValues(0, length);
        for (int i = offset; i < values.size(); i += stride) {
            if (values.get(i) instanceof ObjectReference o) {
                return o;
            }
        }
        return null;
    }

    private static ObjectReference object(ObjectReference o, String name) {
        Field f = field(o.referenceType(), name);
        return f != null && o.getValue(f) instanceof ObjectReference v ? v : null;
    }

    private static ArrayReference array(ObjectReference o, String name) {
        Field f = field(o.referenceType(), name);
        return f != null && o.getValue(f) instanceof ArrayReference a ? a : null;
    }

    private static Field field(ReferenceType type, String name) {
        return ReceiverEvaluator.fieldIn(type, name);
    }

    private static boolean isA(ReferenceType type, String name) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            if (t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
