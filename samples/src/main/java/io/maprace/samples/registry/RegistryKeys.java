package io.maprace.samples.registry;

import io.maprace.samples.Keys;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names and keys of both registry samples: three hot entries (so that several threads share each inner map), and
 * 128 cache keys per entry spread over the bins ({@link Keys#spread}: no tree bins, so the race cannot hang).
 */
final class RegistryKeys {

    static final String[] HOT_ENTRIES = {"alpha", "beta", "gamma"};
    private static final String[] CACHE_KEYS = Keys.spread("key-", 128, 2, 64, Set.of()).toArray(String[]::new);

    private RegistryKeys() {
    }

    static String hotEntry() {
        return HOT_ENTRIES[ThreadLocalRandom.current().nextInt(HOT_ENTRIES.length)];
    }

    static String cacheKey() {
        return CACHE_KEYS[ThreadLocalRandom.current().nextInt(CACHE_KEYS.length)];
    }
}
