package io.maprace.heap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one treeified {@code HashMap} bin from the nodes already read (no further reads): the invariants
 * {@code HashMap.TreeNode.checkInvariants} asserts, plus those of any red-black tree. A root reached through
 * parent links, no loop in the tree, each child's {@code parent} pointing back, no red node with a red child, the
 * same number of black nodes on every path, a black root, hashes ordered left to right, every node of the bin's
 * {@code next} list in the tree and {@code prev} mirroring {@code next}. A write in progress can break these for a
 * moment (a rotation), so none is proof alone: the confirmation step re-reads the map.
 */
final class TreeBinChecker {

    private TreeBinChecker() {
    }

    static void check(int index, List<HashNode> bin, NodeMap all, List<Defect> defects) {
        Map<Long, HashNode> inBin = new HashMap<>();
        for (HashNode n : bin) {
            inBin.put(n.id(), n);
        }
        String where = "bin " + index;
        // prev must mirror next along the list
        for (int i = 1; i < bin.size(); i++) {
            if (CheckContext.idOf(bin.get(i).prev()) != bin.get(i - 1).id()) {
                defects.add(new Defect("tree-prev-link", "in the tree bin " + index + ", entry " + i
                        + "'s prev link does not point to the entry before it", false, where + " entry " + bin.get(i).id()));
                break;
            }
        }
        // find the root through parent links
        HashNode root = bin.get(0);
        int steps = 0;
        while (root.parent() != null) {
            HashNode p = inBin.get(root.parent().id());
            if (p == null) {
                defects.add(new Defect("tree-list-mismatch", "a node of the tree bin " + index
                        + " has a parent that is not in the bin's list", false, where + " node " + root.id()));
                return;
            }
            root = p;
            if (++steps > bin.size()) {
                defects.add(new Defect("tree-parent-cycle", "the parent links of the tree bin " + index
                        + " loop: finding the root (done by every get() in this bin) never ends", false, where));
                return;
            }
        }
        if (root.red()) {
            defects.add(new Defect("tree-root-color", "the root of the tree bin " + index + " is red", false,
                    where + " root " + root.id()));
        }
        // walk the tree: iterative post-order, with black heights and hash bounds
        Set<Long> visited = new HashSet<>();
        Map<Long, Integer> blackHeight = new HashMap<>();
        Map<Long, int[]> hashRange = new HashMap<>();
        Deque<HashNode> stack = new ArrayDeque<>();
        Deque<HashNode> post = new ArrayDeque<>();
        stack.push(root);
        visited.add(root.id());
        boolean reported = false;
        while (!stack.isEmpty()) {
            HashNode node = stack.pop();
            post.push(node);
            for (Heap.Obj childRef : new Heap.Obj[] {node.left(), node.right()}) {
                if (childRef == null) {
                    continue;
                }
                HashNode child = inBin.get(childRef.id());
                if (child == null) {
                    if (!reported) {
                        defects.add(new Defect("tree-list-mismatch", "the tree of bin " + index
                                + " links a node that is not in the bin's list", false, where + " node " + childRef.id()));
                        reported = true;
                    }
                    continue;
                }
                if (!visited.add(child.id())) {
                    defects.add(new Defect("tree-cycle", "the tree of bin " + index + " loops: a lookup that "
                            + "walks it never ends", false, where + " node " + child.id()));
                    return;
                }
                if (CheckContext.idOf(child.parent()) != node.id()) {
                    defects.add(new Defect("tree-parent-link", "in the tree of bin " + index
                            + ", a child's parent link does not point to its parent", false, where + " node " + child.id()));
                }
                if (node.red() && child.red()) {
                    defects.add(new Defect("tree-red-red", "the tree of bin " + index
                            + " has a red node with a red child", false, where + " node " + child.id()));
                }
                stack.push(child);
            }
        }
        while (!post.isEmpty()) {
            HashNode node = post.pop();
            int lh = heightOf(node.left(), blackHeight);
            int rh = heightOf(node.right(), blackHeight);
            if (lh != rh && lh >= 0 && rh >= 0) {
                defects.add(new Defect("tree-black-height", "the tree of bin " + index
                        + " is unbalanced: paths hold different numbers of black nodes", false, where + " node " + node.id()));
                lh = Math.max(lh, rh);
            }
            blackHeight.put(node.id(), Math.max(lh, rh) + (node.red() ? 0 : 1));
            int[] range = {node.hash(), node.hash()};
            int[] l = node.left() == null ? null : hashRange.get(node.left().id());
            int[] r = node.right() == null ? null : hashRange.get(node.right().id());
            if (l != null) {
                if (l[1] > node.hash()) {
                    defects.add(new Defect("tree-order", "the tree of bin " + index + " is out of order: a left "
                            + "subtree holds a larger hash than its parent, so lookups miss entries", false,
                            where + " node " + node.id()));
                }
                range[0] = Math.min(range[0], l[0]);
            }
            if (r != null) {
                if (r[0] < node.hash()) {
                    defects.add(new Defect("tree-order", "the tree of bin " + index + " is out of order: a right "
                            + "subtree holds a smaller hash than its parent, so lookups miss entries", false,
                            where + " node " + node.id()));
                }
                range[1] = Math.max(range[1], r[1]);
            }
            hashRange.put(node.id(), range);
        }
        if (visited.size() != bin.size()) {
            defects.add(new Defect("tree-list-mismatch", "the tree of bin " + index + " holds " + visited.size()
                    + " of the bin's " + bin.size() + " entries: get() cannot find the others", false,
                    where + " holds " + visited.size() + "/" + bin.size()));
        }
    }

    private static int heightOf(Heap.Obj child, Map<Long, Integer> blackHeight) {
        if (child == null) {
            return 0;
        }
        return blackHeight.getOrDefault(child.id(), -1);
    }
}
