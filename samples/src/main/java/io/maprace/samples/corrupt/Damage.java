package io.maprace.samples.corrupt;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.WeakHashMap;

/**
 * The damage a race leaves in a map's internals, done on purpose through reflection: a bin whose chain loops, a
 * tree bin whose colours or parent links are wrong, weak entries cleared without being queued. One builder for the
 * corrupt samples and for the tests' damaged maps. Needs {@code --add-opens java.base/java.util=ALL-UNNAMED}.
 */
public final class Damage {

    private Damage() {
    }

    /** The index of the bin where {@code key} belongs. */
    public static int binOf(HashMap<?, ?> map, Object key) {
        return Internals.Hash.binOf(map, key);
    }

    /** The index of the first bin of several nodes (a chain, or a tree bin); fails if there is none. */
    public static int firstCrowdedBin(HashMap<?, ?> map) {
        Object[] table = Internals.Hash.table(map);
        for (int i = 0; i < table.length; i++) {
            Object n = table[i];
            if (n != null && (Internals.get(Internals.Hash.NEXT, n) != null || Internals.Hash.TREE_NODE.isInstance(n))) {
                return i;
            }
        }
        throw new IllegalStateException("no bin with several entries");
    }

    /** The first node of bin {@code index}: a tree bin keeps its root first. */
    public static Object binHead(HashMap<?, ?> map, int index) {
        return Internals.Hash.table(map)[index];
    }

    /**
     * Links the last node of bin {@code index} back to its first, so a lookup of an absent key in that bin loops
     * forever in {@code HashMap.getNode}; returns the chain as it was, first node first.
     */
    public static List<Object> cycleBin(HashMap<?, ?> map, int index) {
        List<Object> chain = Internals.Hash.chain(map, index, 1000);
        Internals.set(Internals.Hash.NEXT, chain.get(chain.size() - 1), chain.get(0));
        return chain;
    }

    /** A tree bin node's left or right child, or null. */
    public static Object treeChild(Object node, boolean left) {
        return Internals.get(left ? Internals.Hash.LEFT : Internals.Hash.RIGHT, node);
    }

    /** Colours a tree bin node red or black, whatever the red-black rules say. */
    public static void paint(Object treeNode, boolean red) {
        Internals.set(Internals.Hash.RED, treeNode, red);
    }

    /** Points a tree bin node's {@code parent} link at {@code parent}; the real parent still links to it. */
    public static void reparent(Object treeNode, Object parent) {
        Internals.set(Internals.Hash.PARENT, treeNode, parent);
    }

    /**
     * Clears the weak references of the first {@code n} entries (table order) with {@link Reference#clear()},
     * which, unlike the GC, does not queue them: dead entries never expunged. Returns their keys as they were.
     */
    public static List<Object> clearWeakEntries(WeakHashMap<?, ?> map, int n) {
        List<Object> keys = new ArrayList<>();
        for (Object head : (Object[]) Internals.get(Internals.Weak.TABLE, map)) {
            for (Object e = head; e != null && keys.size() < n; e = Internals.get(Internals.Weak.NEXT, e)) {
                Reference<?> ref = (Reference<?>) e;
                keys.add(ref.get());
                ref.clear();
            }
        }
        return keys;
    }
}
