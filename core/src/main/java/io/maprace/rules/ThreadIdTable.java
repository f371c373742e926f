package io.maprace.rules;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A rule's state per thread id. Samples of a few threads alternate, so most lookups change thread: a small
 * table indexed by the id's low bits answers them with an array read, before the map of boxed ids does.
 */
final class ThreadIdTable<V> {

    private static final int SLOTS = 128;

    private final long[] ids = new long[SLOTS];
    /** The value of the id in {@link #ids} at the same index, or null when the slot is free. */
    private final Object[] recent = new Object[SLOTS];
    private final Map<Long, V> all = new HashMap<>();

    @SuppressWarnings("unchecked")
    V get(long id) {
        int i = slot(id);
        Object v = recent[i];
        if (v != null && ids[i] == id) {
            return (V) v;
        }
        V found = all.get(id);
        if (found != null) {
            ids[i] = id;
            recent[i] = found;
        }
        return found;
    }

    void put(long id, V value) {
        all.put(id, value);
        int i = slot(id);
        ids[i] = id;
        recent[i] = value;
    }

    Collection<V> values() {
        return all.values();
    }

    void clear() {
        all.clear();
        Arrays.fill(recent, null);
    }

    private static int slot(long id) {
        return (int) (id ^ (id >>> 32)) & (SLOTS - 1);
    }
}
