package io.maprace.heap;

import java.util.List;
import java.util.Map;

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
        Map<String, Object> f = heap.read(node, FIELDS);
        return new HashNode(node, tree, CheckContext.intOf(f.get("hash")), CheckContext.objOf(f.get("key")),
                CheckContext.objOf(f.get("value")), CheckContext.objOf(f.get("next")),
                CheckContext.objOf(f.get("before")), CheckContext.objOf(f.get("after")),
                CheckContext.objOf(f.get("parent")), CheckContext.objOf(f.get("left")),
                CheckContext.objOf(f.get("right")), CheckContext.objOf(f.get("prev")),
                CheckContext.boolOf(f.get("red")));
    }

    long id() {
        return self.id();
    }
}
