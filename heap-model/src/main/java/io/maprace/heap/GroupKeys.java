package io.maprace.heap;

import io.maprace.rules.SharedGroups;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The group key ({@link SharedGroups#key}: type and path pattern) of each of many maps. The elements of one array
 * share a parent path and differ only by their index, which the pattern drops: their key is made once per parent
 * and type, not rendered and matched for each of a million maps.
 */
final class GroupKeys {

    /** What {@link #byParent} holds for a parent whose rendering the shortcut cannot take (braces, quotes). */
    private static final String RENDER = new String("render each");

    private final Map<HeapPath, Map<String, String>> byParent = new IdentityHashMap<>();

    String of(String type, HeapPath path) {
        HeapPath parent = path.parent();
        if (parent == null || !path.index()) {
            return SharedGroups.key(type, path.render());
        }
        return of(type, parent, path.element());
    }

    /** The key of the map at {@code index} of the array {@code parent} leads to. */
    String of(String type, HeapPath parent, int index) {
        Map<String, String> perType = byParent.computeIfAbsent(parent, p -> new HashMap<>(2));
        String key = perType.get(type);
        if (key == null) {
            String head = parent.render();
            // with no brace or quote before it, an index step's pattern is [*] whatever the index
            key = head.indexOf('{') < 0 && head.indexOf('"') < 0 ? SharedGroups.key(type, head + "[0]") : RENDER;
            perType.put(type, key);
        }
        return key == RENDER ? SharedGroups.key(type, parent.element(index).render()) : key;
    }
}
