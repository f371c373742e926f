package io.maprace.rules;

import io.maprace.events.ThreadRef;

import java.util.HashMap;
import java.util.Map;

/**
 * A rule's state per thread (its id and name, as {@link ThreadRef#equals}). Sources share one object per
 * thread, so a small table of the threads seen last, indexed by the id's low bits and compared by identity,
 * answers most lookups before the map does (samples of a few threads alternate).
 */
final class ThreadTable<V> {

    private static final int SLOTS = 128;

    private final ThreadRef[] threads = new ThreadRef[SLOTS];
    private final Object[] recent = new Object[SLOTS];
    private final Map<ThreadRef, V> all = new HashMap<>();

    @SuppressWarnings("unchecked")
    V get(ThreadRef thread) {
        int i = slot(thread);
        if (threads[i] == thread) {
            return (V) recent[i];
        }
        V found = all.get(thread);
        if (found != null) {
            threads[i] = thread;
            recent[i] = found;
        }
        return found;
    }

    void put(ThreadRef thread, V value) {
        all.put(thread, value);
        int i = slot(thread);
        threads[i] = thread;
        recent[i] = value;
    }

    /** The map behind the table: read it, do not change it. */
    Map<ThreadRef, V> asMap() {
        return all;
    }

    private static int slot(ThreadRef thread) {
        long id = thread.id();
        return (int) (id ^ (id >>> 32)) & (SLOTS - 1);
    }
}
