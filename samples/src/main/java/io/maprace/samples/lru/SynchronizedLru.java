package io.maprace.samples.lru;

import java.util.Collections;
import java.util.Map;

/**
 * Shape 2, fixed: the same LRU map behind {@link Collections#synchronizedMap}, and no read-write lock. Every
 * {@code get} and {@code put} takes the wrapper's one monitor, which is right because both write.
 */
public final class SynchronizedLru<K, V> {

    private final LruMap<K, V> lru;
    private final Map<K, V> map;

    public SynchronizedLru(int maxSize) {
        this.lru = new LruMap<>(maxSize);
        this.map = Collections.synchronizedMap(lru);
    }

    /** Looks up a value under the wrapper's monitor. */
    public V get(K key) {
        return map.get(key);
    }

    /** Stores a value under the wrapper's monitor, evicting the eldest entry past the bound. */
    public void put(K key, V value) {
        map.put(key, value);
    }

    public int size() {
        return map.size();
    }

    public int maxSize() {
        return lru.maxSize();
    }

    public long evictions() {
        synchronized (map) { // the wrapper's lock (Collections.synchronizedMap locks on itself)
            return lru.evictions();
        }
    }
}
