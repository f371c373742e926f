package io.maprace.samples.custommap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A map with weak keys compared by identity, as libraries write them: a class implementing {@link Map} around a
 * private {@link HashMap} keyed by weak references. Not thread-safe, like the {@code HashMap} inside it, and nothing
 * in its type says so. It does not override {@link Map#computeIfAbsent}: callers get the interface's default method,
 * which calls {@link #get} and then {@link #put}.
 *
 * <p>The views ({@link #keySet}, {@link #values}, {@link #entrySet}) are snapshots, not live views.
 */
public class WeakIdentityMap<K, V> implements Map<K, V> {

    private final HashMap<Object, V> map = new HashMap<>();
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    @Override
    public V get(Object key) {
        expungeStaleEntries();
        return map.get(new LookupKey(key));
    }

    @Override
    public V put(K key, V value) {
        expungeStaleEntries();
        return map.put(new IdentityWeakReference(key, queue), value);
    }

    @Override
    public V remove(Object key) {
        expungeStaleEntries();
        return map.remove(new LookupKey(key));
    }

    @Override
    public boolean containsKey(Object key) {
        expungeStaleEntries();
        return map.containsKey(new LookupKey(key));
    }

    @Override
    public boolean containsValue(Object value) {
        expungeStaleEntries();
        return map.containsValue(value);
    }

    @Override
    public int size() {
        expungeStaleEntries();
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> other) {
        for (Map.Entry<? extends K, ? extends V> e : other.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void clear() {
        while (queue.poll() != null) {
            // drop what the GC already queued: those entries go with the rest
        }
        map.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<K> keySet() {
        Set<K> keys = new LinkedHashSet<>();
        for (Object ref : map.keySet()) {
            Object key = ((IdentityWeakReference) ref).get();
            if (key != null) {
                keys.add((K) key);
            }
        }
        return keys;
    }

    @Override
    public Collection<V> values() {
        return entrySnapshot().values();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entrySnapshot().entrySet();
    }

    @SuppressWarnings("unchecked")
    private Map<K, V> entrySnapshot() {
        Map<K, V> copy = new LinkedHashMap<>();
        for (Map.Entry<Object, V> e : map.entrySet()) {
            Object key = ((IdentityWeakReference) e.getKey()).get();
            if (key != null) {
                copy.put((K) key, e.getValue());
            }
        }
        return copy;
    }

    /** Removes the entries whose key the GC has cleared. */
    private void expungeStaleEntries() {
        for (Reference<?> ref; (ref = queue.poll()) != null; ) {
            map.remove(ref);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Map<?, ?> other && entrySnapshot().equals(other);
    }

    @Override
    public int hashCode() {
        return entrySnapshot().hashCode();
    }

    @Override
    public String toString() {
        return entrySnapshot().toString();
    }

    /** The stored key: a weak reference, equal to a key that refers to the same live object. */
    private static final class IdentityWeakReference extends WeakReference<Object> {

        private final int hash;

        IdentityWeakReference(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            Object referent = get();
            return referent != null && o instanceof IdentityWeakReference other && referent == other.get();
        }
    }

    /**
     * The key of a lookup: a strong reference, cheaper than a {@code WeakReference} to make for each call. The map
     * calls the lookup key's {@code equals} with the stored key, never the other way round.
     */
    private static final class LookupKey {

        private final Object referent;

        LookupKey(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityWeakReference stored && stored.get() == referent;
        }
    }
}
