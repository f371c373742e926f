package io.maprace.samples.registry;

import java.util.concurrent.ConcurrentHashMap;

/** The fixed {@link Entry}: its inner cache is a {@link ConcurrentHashMap}. */
public final class ConcurrentEntry {

    private final String name;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    ConcurrentEntry(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Returns the cached value for {@code key}, computing it atomically on a miss. */
    public String valueFor(String key) {
        return cache.computeIfAbsent(key, k -> name + ":" + k);
    }

    public void invalidate(String key) {
        cache.remove(key);
    }

    public void clear() {
        cache.clear();
    }

    public int size() {
        return cache.size();
    }
}
