package io.maprace.samples.corrupt;

import io.maprace.samples.Keys;
import io.maprace.samples.SampleSetupException;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Builds maps and damages them through reflection, each in one documented way, deterministically. Used by the
 * corrupt samples; every damaged map is then only ever read by code that expects the damage.
 *
 * <p>Over 300 lines on purpose: one short builder per kind of damage, each with the comment that says what it
 * breaks; split, they would share the same map-building helpers across files.
 */
final class Corruptions {

    /** Twelve keys of one hash code: with a table of 64, their bin is a red-black tree. */
    static final List<String> TREE_KEYS = Keys.colliding("tree-", 4).subList(0, 12);
    /** A key absent from {@link #treeBin()} maps that lands in their tree bin. */
    static final String TREE_PROBE = Keys.colliding("tree-", 4).get(15);
    /** Three keys of one hash code: a list bin of three nodes. */
    static final List<String> CHAIN_KEYS = Keys.colliding("chain-", 2).subList(0, 3);
    /** A key absent from {@link #binCycle()} that lands in the cyclic bin. */
    static final String CHAIN_PROBE = Keys.colliding("chain-", 2).get(3);

    private static volatile String refusal;

    private Corruptions() {
    }

    /**
     * Runs {@code builder}; if the JVM refuses access to {@code java.util} internals, remembers why and returns null
     * (so that static initializers never fail: the sample reports it through {@link #requireAccess()}).
     */
    static <T> T attempt(Supplier<T> builder) {
        if (refusal != null) {
            return null;
        }
        try {
            return builder.get();
        } catch (Internals.Refused e) {
            refusal = e.getMessage();
            return null;
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof Internals.Refused refused) {
                refusal = refused.getMessage();
                return null;
            }
            throw e;
        }
    }

    /** Fails with the flag to add if the maps could not be built. */
    static void requireAccess() throws SampleSetupException {
        if (refusal != null) {
            throw new SampleSetupException(refusal);
        }
    }

    // ---- HashMap

    /** A healthy map: eight ordinary keys in a table of 16. */
    static HashMap<String, String> plain() {
        HashMap<String, String> map = new HashMap<>();
        for (String key : Keys.numbered("key-", 8)) {
            map.put(key, "value-" + key);
        }
        return map;
    }

    /** A healthy map with one tree bin (the {@link #TREE_KEYS}) in a table of 64. */
    static HashMap<String, String> treeBin() {
        HashMap<String, String> map = new HashMap<>(64);
        for (String key : TREE_KEYS) {
            map.put(key, "value-" + key);
        }
        if (!Internals.Hash.TREE_NODE.isInstance(treeRoot(map))) {
            throw new IllegalStateException("the colliding keys did not make a tree bin");
        }
        return map;
    }

    /**
     * A tree bin with a cycle: the leaf where a lookup of {@link #TREE_PROBE} ends gets the root as its right child,
     * so {@code get(TREE_PROBE)} loops forever in {@code HashMap$TreeNode.find}.
     */
    static HashMap<String, String> treeBinCycle() {
        HashMap<String, String> map = treeBin();
        Object root = treeRoot(map);
        Object leaf = treeLeafOnPath(root, TREE_PROBE);
        Internals.set(Internals.Hash.RIGHT, leaf, root);
        return map;
    }

    /** A tree bin where a red node has a red child (red-black rule broken; links intact). */
    static HashMap<String, String> treeBinRedRed() {
        HashMap<String, String> map = treeBin();
        Object root = treeRoot(map);
        for (Object child : treeChildren(root)) {
            for (Object grandchild : treeChildren(child)) {
                Damage.paint(child, true);
                Damage.paint(grandchild, true);
                return map;
            }
        }
        throw new IllegalStateException("tree bin too small");
    }

    /**
     * A tree bin where one leaf's {@code parent} link names a node that is not its parent (the parent's
     * {@code left}/{@code right} still point to the leaf). Following {@code parent} links still reaches the root.
     */
    static HashMap<String, String> treeBinBadParent() {
        HashMap<String, String> map = treeBin();
        Object root = treeRoot(map);
        Object leaf = treeLeafOnPath(root, TREE_PROBE);
        Object parent = Internals.get(Internals.Hash.PARENT, leaf);
        for (Object candidate : treeChildren(root)) {
            if (candidate != parent && candidate != leaf) {
                Damage.reparent(leaf, candidate);
                return map;
            }
        }
        throw new IllegalStateException("tree bin too small");
    }

    /**
     * A list bin whose {@code next} chain is a cycle: three nodes, the last pointing back to the first. A lookup of
     * {@link #CHAIN_PROBE} loops forever in {@code HashMap.getNode}.
     */
    static HashMap<String, String> binCycle() {
        HashMap<String, String> map = new HashMap<>(64);
        for (String key : CHAIN_KEYS) {
            map.put(key, "value-" + key);
        }
        int bin = Damage.binOf(map, CHAIN_PROBE);
        int nodes = Internals.Hash.chain(map, bin, 10).size();
        if (nodes != CHAIN_KEYS.size()) {
            throw new IllegalStateException("expected one bin of " + CHAIN_KEYS.size() + " nodes: " + nodes);
        }
        Damage.cycleBin(map, bin);
        return map;
    }

    /**
     * Eight entries, one of which ({@code key-3}) was moved to the bin after its own: it is counted and iterated,
     * but {@code get("key-3")} does not find it.
     */
    static HashMap<String, String> entryInWrongBin() {
        HashMap<String, String> map = plain();
        String key = "key-3";
        Object[] table = Internals.Hash.table(map);
        int home = Internals.Hash.binOf(map, key);
        Object previous = null;
        Object node = table[home];
        while (!key.equals(Internals.get(Internals.Hash.KEY, node))) {
            previous = node;
            node = Internals.get(Internals.Hash.NEXT, node);
        }
        Object next = Internals.get(Internals.Hash.NEXT, node);
        if (previous == null) {
            table[home] = next;
        } else {
            Internals.set(Internals.Hash.NEXT, previous, next);
        }
        int wrong = (home + 1) & (table.length - 1);
        Internals.set(Internals.Hash.NEXT, node, table[wrong]);
        table[wrong] = node;
        return map;
    }

    /** Eight reachable entries, but {@code size} says 13. */
    static HashMap<String, String> sizeMismatch() {
        HashMap<String, String> map = plain();
        Internals.set(Internals.Hash.SIZE, map, 13);
        return map;
    }

    /** Eight reachable entries, and {@code size} is -3. */
    static HashMap<String, String> negativeSize() {
        HashMap<String, String> map = plain();
        Internals.set(Internals.Hash.SIZE, map, -3);
        return map;
    }

    // ---- LinkedHashMap

    /** A healthy insertion-ordered map of ten entries. */
    static LinkedHashMap<String, String> linked() {
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        for (String key : Keys.numbered("key-", 10)) {
            map.put(key, "value-" + key);
        }
        return map;
    }

    /**
     * Ten entries whose {@code before}/{@code after} list is cut after the fifth: following {@code after} from
     * {@code head} reaches five entries and never {@code tail}, while {@code tail}'s {@code before} links still reach
     * {@code head}, and the table holds all ten.
     */
    static LinkedHashMap<String, String> linkedListCut() {
        LinkedHashMap<String, String> map = linked();
        Object entry = Internals.get(Internals.Linked.HEAD, map);
        for (int i = 1; i < 5; i++) {
            entry = Internals.get(Internals.Linked.AFTER, entry);
        }
        Internals.set(Internals.Linked.AFTER, entry, null);
        return map;
    }

    // ---- WeakHashMap

    /** A healthy weak map of ten entries whose keys are held in {@code keepAlive}. */
    static WeakHashMap<Object, String> weak(List<Object> keepAlive) {
        WeakHashMap<Object, String> map = new WeakHashMap<>();
        for (String name : Keys.numbered("weak-", 10)) {
            Object key = new String(name); // not the interned literal: a key that could really die
            keepAlive.add(key);
            map.put(key, "value-" + name);
        }
        return map;
    }

    /**
     * Ten entries, four of which had their weak reference cleared with {@link Reference#clear()}, which (unlike the
     * GC) does not enqueue it: the entries are dead but never expunged, so {@code size()} keeps counting ten while
     * six are live. The live keys are held in {@code keepAlive}.
     */
    static WeakHashMap<Object, String> weakClearedKeys(List<Object> keepAlive) {
        List<Object> keys = new ArrayList<>();
        WeakHashMap<Object, String> map = weak(keys);
        keys.removeAll(Damage.clearWeakEntries(map, 4));
        keepAlive.addAll(keys);
        return map;
    }

    // ---- TreeMap

    /** A healthy tree map of ten entries. */
    static TreeMap<String, String> tree() {
        TreeMap<String, String> map = new TreeMap<>();
        for (String key : Keys.numbered("key-", 10)) {
            map.put(key, "value-" + key);
        }
        return map;
    }

    /**
     * Ten entries where the greatest one's {@code right} link points back to the root: a cycle; {@code get} of a key
     * above every key loops forever.
     */
    static TreeMap<String, String> treeMapCycle() {
        TreeMap<String, String> map = tree();
        Object root = Internals.get(Internals.Tree.ROOT, map);
        Object last = root;
        for (Object right; (right = Internals.get(Internals.Tree.RIGHT, last)) != null; ) {
            last = right;
        }
        Internals.set(Internals.Tree.RIGHT, last, root);
        return map;
    }

    /** Ten entries where the root and its left child swapped keys: the search order is broken, the links are not. */
    static TreeMap<String, String> treeMapBadOrder() {
        TreeMap<String, String> map = tree();
        Object root = Internals.get(Internals.Tree.ROOT, map);
        Object left = Internals.get(Internals.Tree.LEFT, root);
        Object rootKey = Internals.get(Internals.Tree.KEY, root);
        Internals.set(Internals.Tree.KEY, root, Internals.get(Internals.Tree.KEY, left));
        Internals.set(Internals.Tree.KEY, left, rootKey);
        return map;
    }

    // ---- helpers

    /** The root of the tree bin of {@link #TREE_KEYS}: a tree bin keeps its root first in the bin. */
    static Object treeRoot(Map<String, String> map) {
        return Internals.Hash.table(map)[Internals.Hash.binOf(map, TREE_PROBE)];
    }

    /** The leaf where {@code TreeNode.find} ends its search for {@code probe} (all hash codes being equal). */
    static Object treeLeafOnPath(Object root, String probe) {
        Object p = root;
        while (true) {
            Object left = Internals.get(Internals.Hash.LEFT, p);
            Object right = Internals.get(Internals.Hash.RIGHT, p);
            Object next;
            if (left == null) {
                next = right;
            } else if (right == null) {
                next = left;
            } else {
                next = probe.compareTo((String) Internals.get(Internals.Hash.KEY, p)) < 0 ? left : right;
            }
            if (next == null) {
                return p;
            }
            p = next;
        }
    }

    private static List<Object> treeChildren(Object node) {
        List<Object> children = new ArrayList<>(2);
        Object left = Internals.get(Internals.Hash.LEFT, node);
        Object right = Internals.get(Internals.Hash.RIGHT, node);
        if (left != null) {
            children.add(left);
        }
        if (right != null) {
            children.add(right);
        }
        return children;
    }
}
