package io.maprace.corpus;

import cn.hutool.cache.impl.AbstractCache;
import cn.hutool.cache.impl.LRUCache;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.Workers;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shape 2, an LRU map written under a read lock: Hutool's {@code LRUCache} keeps its entries in an access-ordered
 * {@code LinkedHashMap} ({@code FixedLinkedHashMap}, field {@code cacheMap}); in 5.7.14 {@code get} reads it under a
 * {@code StampedLock} optimistic read, or its shared read lock, while an access-ordered {@code get} relinks the entry
 * (hutool issue 1895; 5.7.15 guards every access with one {@code ReentrantLock}). The application keeps one cache in
 * a static field; workers look keys up and put the misses.
 */
public final class HutoolLru implements CorpusDriver {

    static final String NAME = "hutool-lru";
    static final int CAPACITY = 512;
    static final LRUCache<Integer, String> CACHE = new LRUCache<>(CAPACITY);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("lru-worker", options.threads(), i -> HutoolLru::work);
    }

    private static void work() {
        int key = ThreadLocalRandom.current().nextInt(CAPACITY * 2);
        if (CACHE.get(key) == null) {
            CACHE.put(key, "value-" + key);
        }
    }

    @Override
    public List<MapDamage.Result> check() {
        Object map = MapDamage.field(CACHE, AbstractCache.class, "cacheMap");
        return List.of(MapDamage.check("io.maprace.corpus.HutoolLru.CACHE.cacheMap", map));
    }

    @Override
    public String symptoms() {
        Object map = MapDamage.field(CACHE, AbstractCache.class, "cacheMap");
        MapDamage.Result r = MapDamage.check("cacheMap", map);
        return "capacity=" + CAPACITY + " overCapacity=" + (r.reachable() > CAPACITY);
    }
}
