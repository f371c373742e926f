package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.List;

/** Reads a map's {@code modCount} or {@code size} (through the inner map for a set): one or two requests. */
final class MapCounters {

    private MapCounters() {
    }

    static int modCount(Heap heap, Heap.Obj map, MapFamily kind) {
        return field(heap, map, kind, "modCount");
    }

    static int size(Heap heap, Heap.Obj map, MapFamily kind) {
        return field(heap, map, kind, "size");
    }

    private static int field(Heap heap, Heap.Obj map, MapFamily kind, String name) {
        Heap.Obj target = map;
        String owner = switch (kind) {
            case HASH_MAP, LINKED_HASH_MAP -> "java.util.HashMap";
            case WEAK_HASH_MAP -> "java.util.WeakHashMap";
            case IDENTITY_HASH_MAP -> "java.util.IdentityHashMap";
            case TREE_MAP -> "java.util.TreeMap";
            case HASH_SET, LINKED_HASH_SET -> {
                target = CheckContext.objOf(heap.read(map, List.of("java.util.HashSet#map")).get("java.util.HashSet#map"));
                yield "java.util.HashMap";
            }
            case ENUM_MAP -> {
                target = null; // not checked: see MapInspector
                yield "";
            }
            case TREE_SET -> {
                target = CheckContext.objOf(heap.read(map, List.of("java.util.TreeSet#m")).get("java.util.TreeSet#m"));
                yield "java.util.TreeMap";
            }
        };
        if (target == null) {
            return 0;
        }
        String field = owner + "#" + name;
        return CheckContext.intOf(heap.read(target, List.of(field)).get(field));
    }
}
