package io.maprace.probe.scan;

import java.util.List;

/**
 * The non-thread-safe maps and sets maprace checks, recognised by the first JDK class in an object's class chain:
 * an application subclass of {@code LinkedHashMap} is a {@link #LINKED_HASH_MAP}.
 */
public enum MapKind {
    LINKED_HASH_MAP("java.util.LinkedHashMap", "LinkedHashMap", false),
    HASH_MAP("java.util.HashMap", "HashMap", false),
    WEAK_HASH_MAP("java.util.WeakHashMap", "WeakHashMap", false),
    IDENTITY_HASH_MAP("java.util.IdentityHashMap", "IdentityHashMap", false),
    TREE_MAP("java.util.TreeMap", "TreeMap", false),
    LINKED_HASH_SET("java.util.LinkedHashSet", "LinkedHashSet", true),
    HASH_SET("java.util.HashSet", "HashSet", true),
    TREE_SET("java.util.TreeSet", "TreeSet", true);

    private final String className;
    private final String simpleName;
    private final boolean set;

    MapKind(String className, String simpleName, boolean set) {
        this.className = className;
        this.simpleName = simpleName;
        this.set = set;
    }

    public String className() {
        return className;
    }

    public String simpleName() {
        return simpleName;
    }

    /** A set, whose elements are the keys of an inner map. */
    public boolean isSet() {
        return set;
    }

    /** The kind of an object whose class chain (most specific first) is given, or null for anything else. */
    public static MapKind of(List<String> superclasses) {
        for (String c : superclasses) {
            for (MapKind k : values()) {
                if (k.className.equals(c)) {
                    return k;
                }
            }
        }
        return null;
    }
}
