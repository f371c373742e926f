package io.maprace.probe.watch.targets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Shape 2: an access-ordered LRU with get() under the read lock: get() relinks, so readers write at once. */
public final class ReadLockedLruRace {

    static final class LruMap<K, V> extends LinkedHashMap<K, V> {
        private final int max;

        LruMap(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
        }
    }

    static final class Lru {
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        private final LruMap<String, String> map = new LruMap<>(256);

        String get(String key) {
            lock.readLock().lock();
            try {
                return map.get(key);
            } finally {
                lock.readLock().unlock();
            }
        }

        void put(String key, String value) {
            lock.writeLock().lock();
            try {
                map.put(key, value);
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    static final Lru QUOTES = new Lru();

    public static void main(String[] args) throws Exception {
        TargetMain.parse(args).workers("quote-worker", 3, () -> {
            String k = TargetMain.key(300);
            if (QUOTES.get(k) == null) {
                QUOTES.put(k, k);
            }
        }).run();
    }
}
