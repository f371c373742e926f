package io.maprace.model;

import io.maprace.events.Frame;

import java.util.Set;

/**
 * What maprace knows of the JDK's map classes: which frames are map code, which methods write, which frames
 * mean a lock, and where threads spin when a map is corrupted. Kept in one place so the live and post-mortem
 * paths agree.
 */
public final class MapApi {

    /**
     * Where a thread loops forever once a race has corrupted the map: tree bins with a cycle, bins whose next
     * chain loops, a resize racing another.
     */
    private static final Set<String> SPIN_PRONE = Set.of(
            "java.util.HashMap$TreeNode.find", "java.util.HashMap$TreeNode.putTreeVal",
            "java.util.HashMap$TreeNode.balanceInsertion", "java.util.HashMap$TreeNode.balanceDeletion",
            "java.util.HashMap$TreeNode.root", "java.util.HashMap$TreeNode.moveRootToFront",
            "java.util.HashMap$TreeNode.treeify", "java.util.HashMap$TreeNode.getTreeNode",
            "java.util.HashMap$TreeNode.removeTreeNode", "java.util.HashMap$TreeNode.split",
            "java.util.HashMap$TreeNode.untreeify", "java.util.HashMap$TreeNode.rotateLeft",
            "java.util.HashMap$TreeNode.rotateRight",
            "java.util.HashMap.getNode", "java.util.HashMap.putVal", "java.util.HashMap.resize",
            "java.util.HashMap.removeNode", "java.util.HashMap$HashIterator.nextNode",
            "java.util.WeakHashMap.get", "java.util.WeakHashMap.getEntry", "java.util.WeakHashMap.put",
            "java.util.WeakHashMap.expungeStaleEntries", "java.util.WeakHashMap.transfer",
            "java.util.WeakHashMap.containsKey", "java.util.WeakHashMap.remove",
            "java.util.TreeMap.getEntry", "java.util.TreeMap.put", "java.util.TreeMap.fixAfterInsertion",
            "java.util.TreeMap.fixAfterDeletion", "java.util.TreeMap.successor",
            "java.util.TreeMap.getEntryUsingComparator", "java.util.TreeMap.getCeilingEntry",
            "java.util.TreeMap.getFloorEntry", "java.util.TreeMap.getHigherEntry", "java.util.TreeMap.getLowerEntry",
            "java.util.TreeMap.predecessor", "java.util.TreeMap.rotateLeft", "java.util.TreeMap.rotateRight",
            "java.util.IdentityHashMap.get", "java.util.IdentityHashMap.put",
            "java.util.LinkedHashMap.afterNodeAccess", "java.util.LinkedHashMap$LinkedHashIterator.nextNode");

    private MapApi() {
    }

    /** A frame of one of the non-thread-safe map or set classes. */
    public static boolean isMapFrame(Frame f) {
        return MapFamily.ofFrameClass(f.className()).isPresent();
    }

    /**
     * Interfaces and abstract classes whose methods pass a map call through (a {@code Map.computeIfAbsent}
     * default method calling the real map's {@code get} and {@code put}).
     */
    public static boolean isPassThroughFrame(Frame f) {
        return switch (f.className()) {
            case "java.util.Map", "java.util.AbstractMap", "java.util.AbstractCollection", "java.util.AbstractSet",
                 "java.util.Collection", "java.util.Iterator", "java.util.Set", "java.util.SortedMap",
                 "java.util.NavigableMap" -> true;
            default -> false;
        };
    }

    /** A thread-safe wrapper frame: the call holds the wrapper's monitor. */
    public static boolean isLockingWrapperFrame(Frame f) {
        return isLockingWrapper(f.className());
    }

    /** A {@code Collections.synchronized*} wrapper: every call through it holds its monitor. */
    public static boolean isLockingWrapper(String className) {
        return className.startsWith("java.util.Collections$Synchronized");
    }

    /** A read-only view or an immutable collection: nothing writes through it. */
    public static boolean isReadOnlyView(String className) {
        return className.startsWith("java.util.Collections$Unmodifiable")
                || className.startsWith("java.util.ImmutableCollections$");
    }

    /** Code of the JDK itself, not a place users can fix; its own maps are not reported as sites. */
    public static boolean isJdkFrame(Frame f) {
        return isJdkClass(f.className());
    }

    /** A class of the JDK itself (java.*, javax.*, jdk.*, sun.*, com.sun.*): not the application's. */
    public static boolean isJdkClass(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /**
     * A map or collection class safe to share as it is: {@code java.util.concurrent}, {@code Hashtable} and
     * {@code Properties}, the {@code Collections} wrappers (synchronized, unmodifiable, checked) and the immutable
     * collections. Binary names ({@code java.util.Collections$SynchronizedMap}).
     */
    public static boolean isThreadSafeClass(String className) {
        return className.startsWith("java.util.concurrent.") || className.equals("java.util.Hashtable")
                || className.equals("java.util.Properties")
                || isLockingWrapper(className) || isReadOnlyView(className)
                || className.startsWith("java.util.Collections$Checked")
                || className.startsWith("java.util.Collections$Empty")
                || className.startsWith("java.util.Collections$Singleton");
    }

    public static boolean isSpinProne(Frame f) {
        return SPIN_PRONE.contains(f.qualifiedMethod());
    }

    /**
     * How a call into {@code family}, entered through {@code entry}, with the given map frames (innermost
     * first), changes the map.
     */
    public static WriteKind writeKind(MapFamily family, Frame entry, Iterable<Frame> mapFrames) {
        for (Frame f : mapFrames) {
            if (f.method().equals("afterNodeAccess")) {
                return WriteKind.HIDDEN_WRITE;
            }
        }
        if (family == MapFamily.WEAK_HASH_MAP && !MapWrites.isWriteMethod(entry.method())) {
            // Every WeakHashMap call (get, size, isEmpty, containsKey, iteration) expunges stale entries.
            return WriteKind.HIDDEN_WRITE;
        }
        for (Frame f : mapFrames) {
            if (MapWrites.isWriteMethod(f.method()) || isIteratorRemove(f)) {
                return WriteKind.WRITE;
            }
        }
        if (family == MapFamily.LINKED_HASH_MAP
                && (entry.method().equals("get") || entry.method().equals("getOrDefault"))) {
            return WriteKind.MAYBE_HIDDEN_WRITE;
        }
        return WriteKind.READ;
    }

    private static boolean isIteratorRemove(Frame f) {
        return f.method().equals("remove") && f.className().contains("Iterator");
    }
}
