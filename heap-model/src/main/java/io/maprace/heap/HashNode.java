package io.maprace.heap;

import java.util.List;

/**
 * One {@code HashMap} node as read: a plain {@code Node}, a {@code LinkedHashMap.Entry} (with {@code before} and
 * {@code after}) or a {@code TreeNode} (with its tree links). Absent links are null.
 */
record HashNode(Heap.Obj self, boolean treeNode, int hash, Heap.Obj key, Heap.Obj value, Heap.Obj next,
                Heap.Obj before, Heap.Obj after, Heap.Obj parent, Heap.Obj left, Heap.Obj right, Heap.Obj prev,
                boolean red) {

    /** Every field any node class may have; each class reads the ones it declares, in one request. */
    static final List<String> FIELDS = List.of("hash", "key", "value", "next", "before", "after", "parent", "left",
            "right", "prev", "red");

    static final String TREE_NODE = "java.util.HashMap$TreeNode";

    static HashNode read(Heap heap, Heap.Obj node) {
        boolean tree = heap.classOf(node).name().equals(TREE_NODE);
        Object[] f = heap.readInOrder(node, FIELDS); // in the order of FIELDS
        return new HashNode(node, tree, CheckContext.intOf(f[0]), CheckContext.objOf(f[1]),
                CheckContext.objOf(f[2]), CheckContext.objOf(f[3]), CheckContext.objOf(f[4]),
                CheckContext.objOf(f[5]), CheckContext.objOf(f[6]), CheckContext.objOf(f[7]),
                CheckContext.objOf(f[8]), CheckContext.objOf(f[9]), CheckContext.boolOf(f[10]));
    }

    long id() {
        return self.id();
    }
}
