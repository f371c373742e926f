package io.maprace.samples.corrupt;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reflective access to the private fields of {@code java.util} maps, to damage them on purpose. Needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED}; without it every access fails with {@link Refused}.
 */
final class Internals {

    static final String ADD_OPENS = "--add-opens java.base/java.util=ALL-UNNAMED";

    /** The JVM refused access to {@code java.util} internals; the message says which flag to add. */
    static final class Refused extends RuntimeException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Internals() {
    }

    static Field field(String className, String name) {
        try {
            Field field = Class.forName(className).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (InaccessibleObjectException | SecurityException e) {
            throw new Refused("cannot open " + className + "." + name + ": start the JVM with " + ADD_OPENS, e);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            throw new IllegalStateException("this JDK has no field " + className + "." + name, e);
        }
    }

    static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new Refused("cannot read " + field + ": start the JVM with " + ADD_OPENS, e);
        }
    }

    static void set(Field field, Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new Refused("cannot write " + field + ": start the JVM with " + ADD_OPENS, e);
        }
    }

    static int getInt(Field field, Object target) {
        return (Integer) get(field, target);
    }

    static boolean getBoolean(Field field, Object target) {
        return (Boolean) get(field, target);
    }

    /** {@code HashMap}'s fields. */
    static final class Hash {
        static final Field TABLE = field("java.util.HashMap", "table");
        static final Field SIZE = field("java.util.HashMap", "size");
        static final Field HASH = field("java.util.HashMap$Node", "hash");
        static final Field KEY = field("java.util.HashMap$Node", "key");
        static final Field NEXT = field("java.util.HashMap$Node", "next");
        static final Field PARENT = field("java.util.HashMap$TreeNode", "parent");
        static final Field LEFT = field("java.util.HashMap$TreeNode", "left");
        static final Field RIGHT = field("java.util.HashMap$TreeNode", "right");
        static final Field RED = field("java.util.HashMap$TreeNode", "red");
        static final Class<?> TREE_NODE = PARENT.getDeclaringClass();

        private Hash() {
        }

        static Object[] table(Object map) {
            return (Object[]) get(TABLE, map);
        }

        /** The nodes of bin {@code index} in {@code next} order (at most {@code limit}, in case of a cycle). */
        static List<Object> chain(Object map, int index, int limit) {
            List<Object> nodes = new ArrayList<>();
            for (Object n = table(map)[index]; n != null && nodes.size() < limit; n = get(NEXT, n)) {
                nodes.add(n);
            }
            return nodes;
        }

        /** The index of the bin where {@code key} belongs. */
        static int binOf(Object map, Object key) {
            Object[] table = table(map);
            int h = key.hashCode();
            return (h ^ (h >>> 16)) & (table.length - 1);
        }
    }

    /** {@code LinkedHashMap}'s fields. */
    static final class Linked {
        static final Field HEAD = field("java.util.LinkedHashMap", "head");
        static final Field TAIL = field("java.util.LinkedHashMap", "tail");
        static final Field BEFORE = field("java.util.LinkedHashMap$Entry", "before");
        static final Field AFTER = field("java.util.LinkedHashMap$Entry", "after");

        private Linked() {
        }
    }

    /** {@code WeakHashMap}'s fields. */
    static final class Weak {
        static final Field TABLE = field("java.util.WeakHashMap", "table");
        static final Field SIZE = field("java.util.WeakHashMap", "size");
        static final Field NEXT = field("java.util.WeakHashMap$Entry", "next");

        private Weak() {
        }
    }

    /** {@code TreeMap}'s fields. */
    static final class Tree {
        static final Field ROOT = field("java.util.TreeMap", "root");
        static final Field SIZE = field("java.util.TreeMap", "size");
        static final Field KEY = field("java.util.TreeMap$Entry", "key");
        static final Field LEFT = field("java.util.TreeMap$Entry", "left");
        static final Field RIGHT = field("java.util.TreeMap$Entry", "right");
        static final Field PARENT = field("java.util.TreeMap$Entry", "parent");

        private Tree() {
        }
    }
}
