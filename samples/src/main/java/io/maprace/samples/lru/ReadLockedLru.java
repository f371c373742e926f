package io.maprace.samples.lru;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Shape 2, racy: an LRU cache guarded by a {@link ReentrantReadWriteLock}, with {@link #get} under the read lock and
 * {@link #put} under the write lock. It looks right, but {@code get} on an access-ordered map relinks the entry, so
 * every thread holding the shared read lock writes the list at once.
 */
public final class ReadLockedLru<K, V> {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LruMap<K, V> map;

    public ReadLockedLru(int maxSize) {
        this.map = new LruMap<>(maxSize);
    }

    /** Looks up a value under the read lock: the hidden write. */
    public V get(K key) {
        lock.readLock().lock();
        try {
            return map.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stores a value under the write lock, evicting the eldest entry past the bound. */
    public void put(K key, V value) {
        lock.writeLock().lock();
        try {
            map.put(key, value);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return map.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int maxSize() {
        return map.maxSize();
    }

    public long evictions() {
        lock.readLock().lock();
        try {
            return map.evictions();
        } finally {
            lock.readLock().unlock();
        }
    }
}
