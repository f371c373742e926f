package io.maprace.probe.watch.sites;

import java.util.Set;

/**
 * Which calls on a map, a set, or a view of one write it (the list in race-shapes.md), and which calls return a
 * view that writes through to the map.
 */
public final class WriteOps {

    private static final Set<String> MAP_WRITES = Set.of("put", "putAll", "putIfAbsent", "remove", "clear",
            "compute", "computeIfAbsent", "computeIfPresent", "merge", "replace", "replaceAll", "pollFirstEntry",
            "pollLastEntry");
    private static final Set<String> SET_WRITES = Set.of("add", "addAll", "remove", "removeAll", "retainAll",
            "removeIf", "clear", "pollFirst", "pollLast");
    private static final Set<String> VIEW_WRITES = Set.of("remove", "removeAll", "retainAll", "removeIf", "clear",
            "pollFirst", "pollLast", "pollFirstEntry", "pollLastEntry", "add", "addAll");
    private static final Set<String> ACCESS_READS = Set.of("get", "getOrDefault");
    /** Calls that reach {@code WeakHashMap.expungeStaleEntries} (through getTable, size or resize). */
    private static final Set<String> WEAK_READS = Set.of("containsKey", "containsValue", "size", "isEmpty",
            "forEach");
    private static final Set<String> VIEWS = Set.of("keySet", "values", "entrySet", "navigableKeySet",
            "descendingKeySet", "descendingMap", "headMap", "tailMap", "subMap", "iterator", "descendingIterator",
            "headSet", "tailSet", "subSet", "descendingSet");

    private WriteOps() {
    }

    /**
     * Classifies a call.
     *
     * @param owner internal name of the class or interface the instruction names ({@code java/util/Map})
     * @param throughView whether the receiver is a view or iterator of the map rather than the map itself
     * @return the kind of write, or null for a call that does not write
     */
    public static WriteKind classify(String owner, String name, boolean throughView) {
        if (threadSafeOwner(owner)) {
            return null;
        }
        if (throughView) {
            return VIEW_WRITES.contains(name) ? WriteKind.WRITE : null;
        }
        if (MAP_WRITES.contains(name) || SET_WRITES.contains(name)) {
            return WriteKind.WRITE;
        }
        if (ACCESS_READS.contains(name)) {
            return WriteKind.ACCESS_ORDER_READ;
        }
        if (WEAK_READS.contains(name)) {
            return WriteKind.WEAK_READ;
        }
        return null;
    }

    /** Whether a call returns a view or iterator through which the map can be written. */
    public static boolean returnsView(String owner, String name, String descriptor) {
        return !threadSafeOwner(owner) && VIEWS.contains(name) && descriptor.endsWith(";")
                && !descriptor.endsWith(")Ljava/lang/Object;");
    }

    private static boolean threadSafeOwner(String owner) {
        return owner.startsWith("java/util/concurrent/") || owner.equals("java/util/Hashtable")
                || owner.equals("java/util/Properties");
    }
}
