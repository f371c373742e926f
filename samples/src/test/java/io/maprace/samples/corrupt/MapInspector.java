package io.maprace.samples.corrupt;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * Checks a map's internal structure by reading its fields only (never calling its methods, which may not return on
 * a damaged map), the way the live {@code scan} must.
 */
final class MapInspector {

    enum Problem { BIN_CYCLE, TREE_CYCLE, WRONG_BIN, SIZE_MISMATCH, NEGATIVE_SIZE, RED_RED, BAD_PARENT, LIST_CUT,
        DEAD_ENTRIES_COUNTED, ORDER_BROKEN }

    private MapInspector() {
    }

    static Set<Problem> inspect(Object map) {
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        if (map instanceof TreeMap<?, ?>) {
            inspectTreeMap(map, problems);
        } else if (map instanceof WeakHashMap<?, ?>) {
            inspectWeakHashMap(map, problems);
        } else {
            inspectHashMap(map, problems);
        }
        return problems;
    }

    private static void inspectHashMap(Object map, Set<Problem> problems) {
        Object[] table = Internals.Hash.table(map);
        Set<Object> reachable = identitySet();
        for (int bin = 0; table != null && bin < table.length; bin++) {
            Set<Object> chain = identitySet();
            for (Object node = table[bin]; node != null; node = Internals.get(Internals.Hash.NEXT, node)) {
                if (!chain.add(node)) {
                    problems.add(Problem.BIN_CYCLE);
                    break;
                }
                reachable.add(node);
                if ((Internals.getInt(Internals.Hash.HASH, node) & (table.length - 1)) != bin) {
                    problems.add(Problem.WRONG_BIN);
                }
            }
            if (Internals.Hash.TREE_NODE.isInstance(table[bin])) {
                inspectTreeBin(table[bin], problems);
            }
        }
        int size = Internals.getInt(Internals.Hash.SIZE, map);
        if (size < 0) {
            problems.add(Problem.NEGATIVE_SIZE);
        } else if (size != reachable.size()) {
            problems.add(Problem.SIZE_MISMATCH);
        }
        if (map instanceof java.util.LinkedHashMap<?, ?>) {
            Set<Object> listed = identitySet();
            Object last = null;
            for (Object e = Internals.get(Internals.Linked.HEAD, map); e != null;
                 e = Internals.get(Internals.Linked.AFTER, e)) {
                if (!listed.add(e)) {
                    break;
                }
                last = e;
            }
            if (listed.size() != reachable.size() || last != Internals.get(Internals.Linked.TAIL, map)) {
                problems.add(Problem.LIST_CUT);
            }
        }
    }

    private static void inspectTreeBin(Object root, Set<Problem> problems) {
        Set<Object> seen = identitySet();
        List<Object> pending = new ArrayList<>(List.of(root));
        seen.add(root);
        while (!pending.isEmpty()) {
            Object node = pending.remove(pending.size() - 1);
            boolean red = Internals.getBoolean(Internals.Hash.RED, node);
            for (Object child : new Object[] {Internals.get(Internals.Hash.LEFT, node),
                Internals.get(Internals.Hash.RIGHT, node)}) {
                if (child == null) {
                    continue;
                }
                if (!seen.add(child)) {
                    problems.add(Problem.TREE_CYCLE);
                    continue;
                }
                if (Internals.get(Internals.Hash.PARENT, child) != node) {
                    problems.add(Problem.BAD_PARENT);
                }
                if (red && Internals.getBoolean(Internals.Hash.RED, child)) {
                    problems.add(Problem.RED_RED);
                }
                pending.add(child);
            }
        }
    }

    private static void inspectWeakHashMap(Object map, Set<Problem> problems) {
        int entries = 0;
        int dead = 0;
        for (Object head : (Object[]) Internals.get(Internals.Weak.TABLE, map)) {
            Set<Object> chain = identitySet();
            for (Object e = head; e != null; e = Internals.get(Internals.Weak.NEXT, e)) {
                if (!chain.add(e)) {
                    problems.add(Problem.BIN_CYCLE);
                    break;
                }
                entries++;
                if (((Reference<?>) e).get() == null) {
                    dead++;
                }
            }
        }
        int size = Internals.getInt(Internals.Weak.SIZE, map);
        if (size < 0) {
            problems.add(Problem.NEGATIVE_SIZE);
        } else if (size != entries) {
            problems.add(Problem.SIZE_MISMATCH);
        }
        if (dead > 0) {
            problems.add(Problem.DEAD_ENTRIES_COUNTED);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void inspectTreeMap(Object map, Set<Problem> problems) {
        Object root = Internals.get(Internals.Tree.ROOT, map);
        Set<Object> seen = identitySet();
        List<Object> pending = new ArrayList<>();
        if (root != null) {
            pending.add(root);
            seen.add(root);
        }
        while (!pending.isEmpty()) {
            Object node = pending.remove(pending.size() - 1);
            for (Object child : new Object[] {Internals.get(Internals.Tree.LEFT, node),
                Internals.get(Internals.Tree.RIGHT, node)}) {
                if (child == null) {
                    continue;
                }
                if (!seen.add(child)) {
                    problems.add(Problem.TREE_CYCLE);
                    continue;
                }
                if (Internals.get(Internals.Tree.PARENT, child) != node) {
                    problems.add(Problem.BAD_PARENT);
                }
                pending.add(child);
            }
        }
        if (problems.contains(Problem.TREE_CYCLE)) {
            return; // an in-order walk would not end
        }
        List<Comparable> keys = new ArrayList<>();
        inOrder(root, keys);
        for (int i = 1; i < keys.size(); i++) {
            if (keys.get(i - 1).compareTo(keys.get(i)) >= 0) {
                problems.add(Problem.ORDER_BROKEN);
            }
        }
        if (Internals.getInt(Internals.Tree.SIZE, map) != keys.size()) {
            problems.add(Problem.SIZE_MISMATCH);
        }
    }

    @SuppressWarnings("rawtypes")
    private static void inOrder(Object node, List<Comparable> keys) {
        if (node != null) {
            inOrder(Internals.get(Internals.Tree.LEFT, node), keys);
            keys.add((Comparable) Internals.get(Internals.Tree.KEY, node));
            inOrder(Internals.get(Internals.Tree.RIGHT, node), keys);
        }
    }

    private static Set<Object> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
