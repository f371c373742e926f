package io.maprace.model;

import java.util.Map;
import java.util.Set;

/**
 * Which calls write a map, a set or a view of one (the list in race-shapes.md): by API method (what a call site
 * names), by internal method (what a stack shows), and which calls return a view that writes through to the map.
 * One table for the recordings, the watch and the scan's confirmation.
 */
public final class MapWrites {

    /** API methods of maps and sets that always modify structure. */
    private static final Set<String> API_WRITES = Set.of("put", "putAll", "putIfAbsent", "remove", "clear",
            "compute", "computeIfAbsent", "computeIfPresent", "merge", "replace", "replaceAll", "pollFirstEntry",
            "pollLastEntry", "add", "addAll", "removeAll", "retainAll", "removeIf", "pollFirst", "pollLast");
    /** Internals: seeing them on a stack proves the call writes even when the API method is not on it. */
    private static final Set<String> INTERNAL_WRITES = Set.of("putVal", "removeNode", "resize", "treeifyBin",
            "treeify", "untreeify", "split", "putTreeVal", "removeTreeNode", "balanceInsertion", "balanceDeletion",
            "rotateLeft", "rotateRight", "moveRootToFront", "afterNodeInsertion", "afterNodeRemoval",
            "afterNodeAccess", "transfer", "expungeStaleEntries", "fixAfterInsertion", "fixAfterDeletion",
            "deleteEntry", "addEntry", "addEntryToEmptyMap", "buildFromSorted", "closeDeletion", "putMapEntries",
            "internalWriteEntries");
    /** Calls on a view or iterator (keySet(), entrySet().iterator()...) that write the map behind it. */
    private static final Set<String> VIEW_WRITES = Set.of("remove", "removeAll", "retainAll", "removeIf", "clear",
            "pollFirst", "pollLast", "pollFirstEntry", "pollLastEntry", "add", "addAll");
    private static final Set<String> ACCESS_READS = Set.of("get", "getOrDefault");
    /** Calls that reach {@code WeakHashMap.expungeStaleEntries} (through getTable, size or resize). */
    private static final Set<String> WEAK_READS = Set.of("containsKey", "containsValue", "size", "isEmpty",
            "forEach");
    private static final Set<String> VIEWS = Set.of("keySet", "values", "entrySet", "navigableKeySet",
            "descendingKeySet", "descendingMap", "headMap", "tailMap", "subMap", "iterator", "descendingIterator",
            "headSet", "tailSet", "subSet", "descendingSet");

    /**
     * Methods that are inside a structural change of a map, by class (HashSet and LinkedHashSet write through
     * these): a thread stopped in one holds the map half-written.
     */
    private static final Map<String, Set<String>> IN_PROGRESS = Map.of(
            "java.util.HashMap", Set.of("putVal", "removeNode", "resize", "treeifyBin", "clear", "putMapEntries",
                    "compute", "computeIfAbsent", "computeIfPresent", "merge", "replaceAll", "reinitialize",
                    "readObject"),
            "java.util.HashMap$TreeNode", Set.of("putTreeVal", "removeTreeNode", "split", "treeify", "untreeify",
                    "balanceInsertion", "balanceDeletion", "rotateLeft", "rotateRight", "moveRootToFront"),
            "java.util.LinkedHashMap", Set.of("afterNodeAccess", "afterNodeInsertion", "afterNodeRemoval",
                    "linkNodeLast", "linkNodeAtEnd", "transferLinks", "clear", "reinitialize", "putFirst", "putLast"),
            "java.util.HashMap$HashIterator", Set.of("remove"),
            "java.util.LinkedHashMap$LinkedHashIterator", Set.of("remove"),
            "java.util.WeakHashMap", Set.of("put", "remove", "clear", "resize", "transfer", "expungeStaleEntries",
                    "putAll", "removeMapping", "replaceAll"),
            "java.util.IdentityHashMap", Set.of("put", "remove", "resize", "closeDeletion", "putAll", "clear",
                    "removeMapping", "replaceAll"),
            "java.util.TreeMap", Set.of("put", "remove", "deleteEntry", "fixAfterInsertion", "fixAfterDeletion",
                    "rotateLeft", "rotateRight", "clear", "putAll", "buildFromSorted", "addEntry", "addEntryToEmptyMap",
                    "merge", "compute", "computeIfAbsent", "computeIfPresent", "putIfAbsent", "replace",
                    "pollFirstEntry", "pollLastEntry", "replaceAll"));

    private MapWrites() {
    }

    /** A method (API or internal) that modifies structure, whatever the family. */
    public static boolean isWriteMethod(String method) {
        return API_WRITES.contains(method) || INTERNAL_WRITES.contains(method);
    }

    /** Whether a thread in {@code className.method} is in the middle of a structural change of a map. */
    public static boolean isWriteInProgress(String className, String method) {
        Set<String> methods = IN_PROGRESS.get(className);
        return methods != null && methods.contains(method);
    }

    /**
     * Classifies a call site.
     *
     * @param owner binary name of the class or interface the call names ({@code java.util.Map})
     * @param throughView whether the receiver is a view or iterator of the map rather than the map itself
     * @return how the call writes; {@link WriteKind#READ} for a call that does not
     */
    public static WriteKind ofCall(String owner, String name, boolean throughView) {
        if (MapApi.isThreadSafeClass(owner)) {
            return WriteKind.READ;
        }
        if (throughView) {
            return VIEW_WRITES.contains(name) ? WriteKind.WRITE : WriteKind.READ;
        }
        if (API_WRITES.contains(name)) {
            return WriteKind.WRITE;
        }
        if (ACCESS_READS.contains(name)) {
            return WriteKind.MAYBE_HIDDEN_WRITE;
        }
        if (WEAK_READS.contains(name)) {
            return WriteKind.EXPUNGING_READ;
        }
        return WriteKind.READ;
    }

    /**
     * Whether a call returns a view or iterator through which the map can be written.
     *
     * @param owner binary name of the class or interface the call names
     * @param descriptor the method's JVM descriptor
     */
    public static boolean returnsView(String owner, String name, String descriptor) {
        return !MapApi.isThreadSafeClass(owner) && VIEWS.contains(name) && descriptor.endsWith(";")
                && !descriptor.endsWith(")Ljava/lang/Object;");
    }
}
