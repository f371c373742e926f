package io.maprace.samples.registry;

import java.util.HashMap;
import java.util.Map;

/** A registry entry with its own cache: a plain {@link HashMap} that every thread using the entry writes, unlocked. */
public final class Entry {

    private final String name;
    private final Map<String, String> cache = new HashMap<>();

    Entry(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Returns the cached value for {@code key}, computing and caching it on a miss: check-then-put, no lock. */
    public String valueFor(String key) {
        String value = cache.get(key);
        if (value == null) {
            value = name + ":" + key;
            cache.put(key, value);
        }
        return value;
    }

    /** Drops one cached value. */
    public void invalidate(String key) {
        cache.remove(key);
    }

    /** Drops every cached value. */
    public void clear() {
        cache.clear();
    }

    /** The inner map's own count, which the race makes wrong. */
    public int size() {
        return cache.size();
    }
}
