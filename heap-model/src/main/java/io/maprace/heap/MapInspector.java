package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.List;

/** Runs the integrity checker that fits a map's kind; a set is checked through the map inside it. */
final class MapInspector {

    private MapInspector() {
    }

    /** @return the check, or null when the object holds no checkable map (a TreeSet over a non-TreeMap) */
    static MapCheck inspect(CheckContext cx, Heap.Obj obj, MapFamily kind, String type) {
        return switch (kind) {
            case HASH_MAP, LINKED_HASH_MAP -> HashMapChecker.check(cx, obj, kind, type);
            case WEAK_HASH_MAP -> WeakHashMapChecker.check(cx, obj, type);
            case IDENTITY_HASH_MAP -> IdentityHashMapChecker.check(cx, obj, type);
            case TREE_MAP -> TreeMapChecker.check(cx, obj, kind, type);
            case HASH_SET, LINKED_HASH_SET -> {
                Heap.Obj inner = CheckContext.objOf(cx.heap().read(obj, List.of("java.util.HashSet#map"))
                        .get("java.util.HashSet#map"));
                if (inner == null) {
                    yield null;
                }
                MapFamily innerKind = cx.heap().classOf(inner).mapFamily();
                boolean linked = innerKind == MapFamily.LINKED_HASH_MAP;
                yield innerKind == MapFamily.HASH_MAP || linked
                        ? HashMapChecker.check(cx, inner, linked ? MapFamily.LINKED_HASH_SET : MapFamily.HASH_SET, type)
                        .ofSetHolding(inner)
                        : null;
            }
            // no integrity check reads an EnumMap (MapFamily.ofClassChain never names it)
            case ENUM_MAP -> null;
            case TREE_SET -> {
                Heap.Obj inner = CheckContext.objOf(cx.heap().read(obj, List.of("java.util.TreeSet#m"))
                        .get("java.util.TreeSet#m"));
                yield inner != null && cx.heap().classOf(inner).mapFamily() == MapFamily.TREE_MAP
                        ? TreeMapChecker.check(cx, inner, MapFamily.TREE_SET, type).ofSetHolding(inner)
                        : null;
            }
        };
    }
}
