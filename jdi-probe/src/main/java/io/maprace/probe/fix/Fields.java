package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.InterfaceType;
import com.sun.jdi.ReferenceType;

/** Field and type look-ups on JDI mirrors that the fix needs in several places. */
final class Fields {

    private Fields() {
    }

    /** A field declared by {@code type} or inherited from a superclass, or null. */
    static Field find(ReferenceType type, String name) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            Field f = t.fieldByName(name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** Whether a class belongs to the JDK (its fields and methods are never the application's). */
    static boolean jdk(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.") || name.startsWith("javax.");
    }

    /** Whether {@code type} is, extends or implements the class or interface named {@code name}. */
    static boolean isA(ReferenceType type, String name) {
        if (type.name().equals(name)) {
            return true;
        }
        if (type instanceof ClassType c) {
            for (ClassType s = c.superclass(); s != null; s = s.superclass()) {
                if (s.name().equals(name)) {
                    return true;
                }
            }
            return c.allInterfaces().stream().anyMatch(i -> i.name().equals(name));
        }
        return type instanceof InterfaceType i && i.superinterfaces().stream().anyMatch(s -> isA(s, name));
    }

    /** The first class of {@code type}'s superclass chain (itself included) whose name starts with {@code java.}. */
    static String jdkBase(ReferenceType type) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType c ? c.superclass() : null) {
            if (t.name().startsWith("java.")) {
                return t.name();
            }
        }
        return null;
    }
}
