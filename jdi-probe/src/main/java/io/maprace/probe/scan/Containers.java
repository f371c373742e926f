package io.maprace.probe.scan;

import java.util.List;
import java.util.Set;

/**
 * How the walk treats JDK classes: which ones it looks inside (collections, holders of application objects), which
 * are leaves (strings, class mirrors, locks, I/O), and which wrap a map so that it is safe to share.
 */
final class Containers {

    /** JDK wrappers whose inner map is guarded by the wrapper's lock: the inner map is not reported as unsafe. */
    private static final List<String> GUARDS = List.of("java.util.Collections$Synchronized");

    /** Read-only views: the map behind one is not reported unless it is also reachable another way. */
    private static final List<String> READ_ONLY = List.of("java.util.Collections$Unmodifiable",
            "java.util.ImmutableCollections$");

    /** JDK packages whose objects the walk enters: they hold application objects. */
    private static final List<String> ENTERED = List.of("java.util.", "java.lang.ref.SoftReference",
            "java.lang.ref.WeakReference", "java.lang.Object[]");

    /** Inside those, parts that lead nowhere useful (locks hold threads; loggers hold the JDK). */
    private static final List<String> NOT_ENTERED = List.of("java.util.concurrent.locks.", "java.util.logging.",
            "java.util.jar.", "java.util.zip.", "java.util.regex.", "java.util.ResourceBundle",
            "java.util.Locale", "java.util.Currency", "java.util.TimeZone", "java.util.Random",
            "java.util.concurrent.ThreadLocalRandom", "java.util.concurrent.atomic.Atomic");

    /** Packages that belong to the JDK (not entered unless listed above). */
    private static final List<String> JDK = List.of("java.", "jdk.", "sun.", "com.sun.proxy.",
            "com.sun.jdi.", "com.sun.tools.", "com.sun.management.", "com.sun.net.", "com.sun.crypto.",
            "com.sun.org.apache.");

    private static final Set<String> ATOMIC_HOLDERS = Set.of("java.util.concurrent.atomic.AtomicReference",
            "java.util.concurrent.atomic.AtomicReferenceArray");

    private Containers() {
    }

    static boolean isJdk(String className) {
        for (String p : JDK) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the walk reads the fields of an object of this class (or the elements of this array). */
    static boolean entered(String className) {
        if (className.endsWith("[]")) {
            // Arrays of references: entered. Arrays of primitives hold nothing.
            String component = className.substring(0, className.indexOf('['));
            return !isPrimitive(component);
        }
        if (ATOMIC_HOLDERS.contains(className)) {
            return true;
        }
        if (!isJdk(className)) {
            return true;
        }
        for (String p : NOT_ENTERED) {
            if (className.startsWith(p)) {
                return false;
            }
        }
        for (String p : ENTERED) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static boolean isGuard(String className) {
        return GUARDS.stream().anyMatch(className::startsWith);
    }

    static boolean isReadOnlyView(String className) {
        return READ_ONLY.stream().anyMatch(className::startsWith);
    }

    /**
     * Part of a JDK collection's inside (its nodes, tables, entries): the walk does not name it in paths. A nested
     * class of a {@code java.util} class, or an array met inside a collection.
     */
    static boolean isCollectionPart(String className) {
        return className.startsWith("java.util.") && className.contains("$") || className.endsWith("[]");
    }

    /** A JDK collection or holder, entered but named by its elements in paths. */
    static boolean isJdkContainer(String className) {
        return isJdk(className) && entered(className);
    }

    private static boolean isPrimitive(String name) {
        return switch (name) {
            case "boolean", "byte", "char", "short", "int", "long", "float", "double" -> true;
            default -> false;
        };
    }
}
