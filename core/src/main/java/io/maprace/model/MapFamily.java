package io.maprace.model;

import java.util.List;
import java.util.Optional;

/**
 * The non-thread-safe JDK maps and sets: the one table every source reads (recordings, scans, watches). maprace
 * knows the internals of all but {@link #ENUM_MAP}, which {@code watch} watches but no frame rule or integrity
 * check reads.
 */
public enum MapFamily {
    HASH_MAP("java.util.HashMap", true),
    LINKED_HASH_MAP("java.util.LinkedHashMap", true),
    WEAK_HASH_MAP("java.util.WeakHashMap", true),
    IDENTITY_HASH_MAP("java.util.IdentityHashMap", true),
    TREE_MAP("java.util.TreeMap", true),
    HASH_SET("java.util.HashSet", true),
    LINKED_HASH_SET("java.util.LinkedHashSet", true),
    TREE_SET("java.util.TreeSet", true),
    ENUM_MAP("java.util.EnumMap", false);

    /** values() copies the array on every call, and frames are matched against it per sample. */
    private static final MapFamily[] ALL = values();

    private final String className;
    private final boolean internalsKnown;

    MapFamily(String className, boolean internalsKnown) {
        this.className = className;
        this.internalsKnown = internalsKnown;
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
            MapFamily f = ofClass(c);
            if (f != null && f.internalsKnown) {
                return f;
            }
        }
        return null;
    }

    /** The family that is exactly this class, or null: {@code java.util.EnumMap} included. */
    public static MapFamily ofClass(String className) {
        for (MapFamily f : ALL) {
            if (f.className.equals(className)) {
                return f;
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
            if (f.internalsKnown && f.className.equals(outer)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
