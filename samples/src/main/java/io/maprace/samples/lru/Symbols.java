package io.maprace.samples.lru;

import io.maprace.samples.Keys;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The symbols both LRU samples ask for: 2000 in all, four lookups in five among the first 400 (hits in a cache of
 * 500), the rest anywhere (misses that put and evict).
 */
final class Symbols {

    static final int MAX_SIZE = 500;
    private static final String[] ALL = Keys.numbered("SYM", 2000).toArray(String[]::new);
    private static final int HOT = 400;

    private Symbols() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextInt(5) == 0 ? ALL[random.nextInt(ALL.length)] : ALL[random.nextInt(HOT)];
    }
}
