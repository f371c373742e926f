package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.List;

/** Reads a map's {@code modCount} (through the inner map for a set): one or two requests. */
final class ModCount {

    private ModCount() {
    }

    static int read(Heap heap, Heap.Obj map, MapFamily kind) {
        Heap.Obj target = map;
        String field = switch (kind) {
            case HASH_MAP, LINKED_HASH_MAP -> "java.util.HashMap#modCount";
            case WEAK_HASH_MAP -> "java.util.WeakHashMap#modCount";
            case IDENTITY_HASH_MAP -> "java.util.IdentityHashMap#modCount";
            case TREE_MAP -> "java.util.TreeMap#modCount";
            case HASH_SET, LINKED_HASH_SET -> {
                target = CheckContext.objOf(heap.read(map, List.of("java.util.HashSet#map")).get("java.util.HashSet#map"));
                yield "java.util.HashMap#modCount";
            }
            case ENUM_MAP -> {
                target = null; // not checked: see MapInspector
                yield "";
            }
            case TREE_SET -> {
                target = CheckContext.objOf(heap.read(map, List.of("java.util.TreeSet#m")).get("java.util.TreeSet#m"));
                yield "java.util.TreeMap#modCount";
            }
        };
        if (target == null) {
            return 0;
        }
        return CheckContext.intOf(heap.read(target, List.of(field)).get(field));
    }
}
