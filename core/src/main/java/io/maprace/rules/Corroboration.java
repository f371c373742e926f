package io.maprace.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signs that a map was really corrupted (threads stuck in its internals, exceptions from inside it), keyed by
 * the application method that called the map. Concurrent-writer candidates at such a method are more than
 * look-alikes of thread-confined maps.
 */
public final class Corroboration {

    private final Map<String, Set<String>> byMethod = new HashMap<>();

    public void add(String siteMethod, String what) {
        byMethod.computeIfAbsent(siteMethod, k -> new TreeSet<>()).add(what);
    }

    public Set<String> at(String siteMethod) {
        return byMethod.getOrDefault(siteMethod, Set.of());
    }
}
