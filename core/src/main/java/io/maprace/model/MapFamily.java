package io.maprace.model;

import java.util.List;
import java.util.Optional;

/** The non-thread-safe JDK maps and sets maprace knows the internals of. */
public enum MapFamily {
    HASH_MAP("java.util.HashMap"),
    LINKED_HASH_MAP("java.util.LinkedHashMap"),
    WEAK_HASH_MAP("java.util.WeakHashMap"),
    IDENTITY_HASH_MAP("java.util.IdentityHashMap"),
    TREE_MAP("java.util.TreeMap"),
    HASH_SET("java.util.HashSet"),
    LINKED_HASH_SET("java.util.LinkedHashSet"),
    TREE_SET("java.util.TreeSet");

    /** values() copies the array on every call, and frames are matched against it per sample. */
    private static final MapFamily[] ALL = values();

    private final String className;

    MapFamily(String className) {
        this.className = className;
    }

    public String className() {
        return className;
    }

    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * The family whose code does the work: a LinkedHashMap runs HashMap's {@code put}, a LinkedHashSet
     * HashSet's {@code add}. Samples of one map can show either, so groups of sites use this.
     */
    public MapFamily base() {
        return switch (this) {
            case LINKED_HASH_MAP -> HASH_MAP;
            case LINKED_HASH_SET -> HASH_SET;
            default -> this;
        };
    }

    public boolean isSet() {
        return this == HASH_SET || this == LINKED_HASH_SET || this == TREE_SET;
    }

    /**
     * The family of an object whose class chain (most specific first) is given, or null for anything else: an
     * application subclass of {@code LinkedHashMap} is a {@link #LINKED_HASH_MAP}.
     */
    public static MapFamily ofClassChain(List<String> superclasses) {
        for (String c : superclasses) {
            for (MapFamily f : ALL) {
                if (f.className.equals(c)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The family of a frame's class: the class itself or one of its nested classes ({@code HashMap$TreeNode}). */
    public static Optional<MapFamily> ofFrameClass(String className) {
        if (!className.startsWith("java.util.")) {
            return Optional.empty();
        }
        int nested = className.indexOf('$');
        String outer = nested < 0 ? className : className.substring(0, nested);
        for (MapFamily f : ALL) {
            if (f.className.equals(outer)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
