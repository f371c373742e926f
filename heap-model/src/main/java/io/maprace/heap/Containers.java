package io.maprace.heap;

import io.maprace.model.MapApi;

import java.util.List;
import java.util.Set;

/**
 * How the walk treats JDK classes: which ones it looks inside (collections, holders of application objects), which
 * are leaves (strings, class mirrors, locks, I/O), and which wrap a map so that it is safe to share.
 */
public final class Containers {

    /** JDK packages whose objects the walk enters: they hold application objects. */
    private static final List<String> ENTERED = List.of("java.util.", "java.lang.ref.SoftReference",
            "java.lang.ref.WeakReference", "java.lang.Object[]");

    /** Inside those, parts that lead nowhere useful (locks hold threads; loggers hold the JDK). */
    private static final List<String> NOT_ENTERED = List.of("java.util.concurrent.locks.", "java.util.logging.",
            "java.util.jar.", "java.util.zip.", "java.util.regex.", "java.util.ResourceBundle",
            "java.util.Locale", "java.util.Currency", "java.util.TimeZone", "java.util.Random",
            "java.util.concurrent.ThreadLocalRandom", "java.util.concurrent.atomic.Atomic");

    private static final Set<String> ATOMIC_HOLDERS = Set.of("java.util.concurrent.atomic.AtomicReference",
            "java.util.concurrent.atomic.AtomicReferenceArray");

    /** JDK classes that hold application objects without extending a collection base class. */
    private static final Set<String> HOLDERS = Set.of("java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.atomic.AtomicReference", "java.util.concurrent.atomic.AtomicReferenceArray",
            "java.lang.ref.SoftReference", "java.lang.ref.WeakReference", "java.util.Optional");

    /** Holders of one object: their content reads as {@code .get()}. */
    private static final Set<String> SINGLE_HOLDERS = Set.of("java.util.concurrent.atomic.AtomicReference",
            "java.lang.ref.SoftReference", "java.lang.ref.WeakReference", "java.util.Optional");

    /** The field that points to the wrapped collection in the JDK's synchronized and unmodifiable wrappers. */
    private static final Set<String> WRAPPED = Set.of("m", "c", "list", "sm", "nm", "ss", "ns");

    /** JDK fields that only cache views of the collection itself or point back to it. */
    private static final Set<String> VIEW_CACHES = Set.of("keySet", "values", "entrySet", "navigableKeySet",
            "descendingMap", "descendingSet", "this$0", "mutex");

    /** How the walk treats an object of a class. */
    enum Role {
        /** An application object: every reference field is followed and named in paths. */
        APP,
        /** A JDK collection or holder: followed, its elements named {@code [i]}, {@code {value}}, {@code {key}}. */
        COLLECTION,
        /** A piece of a JDK collection (node, entry, table): followed, not named in paths. */
        PART,
        /** An array of references. */
        ARRAY,
        /** A JDK wrapper that makes the collection inside it thread-safe (synchronizedMap). */
        GUARD,
        /** A JDK read-only view of a collection (unmodifiableMap). */
        READ_ONLY,
        /** Another JDK object that is entered (an executor, a timer): fields followed, its own maps are the JDK's. */
        OTHER_JDK,
        /** Not entered. */
        LEAF
    }

    private Containers() {
    }

    static Role role(Heap.Kls k) {
        String name = k.name();
        if (k.isArray()) {
            return k.isObjectArray() ? Role.ARRAY : Role.LEAF;
        }
        if (!isJdk(name)) {
            return Role.APP;
        }
        if (!entered(name)) {
            return Role.LEAF;
        }
        if (isGuard(name)) {
            return Role.GUARD;
        }
        if (isReadOnlyView(name)) {
            return Role.READ_ONLY;
        }
        if (HOLDERS.contains(name) || k.superclasses().stream().anyMatch(c -> c.equals("java.util.AbstractCollection")
                || c.equals("java.util.AbstractMap") || c.equals("java.util.Dictionary"))) {
            return Role.COLLECTION;
        }
        if (name.startsWith("java.util.") && name.contains("$")) {
            return Role.PART;
        }
        return Role.OTHER_JDK;
    }

    /** A map-like collection: its elements are named {@code {key}} and {@code {value}}. */
    static boolean isMapLike(Heap.Kls k) {
        return k.name().contains("Map") || k.name().endsWith("Hashtable") || k.name().endsWith("Properties")
                || k.superclasses().contains("java.util.AbstractMap");
    }

    static boolean isSingleHolder(String className) {
        return SINGLE_HOLDERS.contains(className);
    }

    static boolean isWrappedField(String field) {
        return WRAPPED.contains(field);
    }

    /** A field of a JDK class that the walk skips: a cached view or a pointer back to the owner. */
    static boolean isViewCache(String owner, String field) {
        return isJdk(owner) && VIEW_CACHES.contains(field)
                || owner.equals("java.lang.ref.Reference") && !field.equals("referent");
    }

    /** A class of the JDK (core's one list); its objects are entered only if listed above. */
    public static boolean isJdk(String className) {
        return MapApi.isJdkClass(className);
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

    /** A JDK wrapper whose inner map is guarded by the wrapper's lock: the inner map is not reported as unsafe. */
    static boolean isGuard(String className) {
        return MapApi.isLockingWrapper(className);
    }

    /** A read-only view: the map behind one is not reported unless it is also reachable another way. */
    static boolean isReadOnlyView(String className) {
        return MapApi.isReadOnlyView(className);
    }

    private static boolean isPrimitive(String name) {
        return switch (name) {
            case "boolean", "byte", "char", "short", "int", "long", "float", "double" -> true;
            default -> false;
        };
    }
}
