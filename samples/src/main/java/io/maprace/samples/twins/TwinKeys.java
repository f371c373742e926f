package io.maprace.samples.twins;

import io.maprace.samples.Keys;

import java.util.concurrent.ThreadLocalRandom;

/** The 1024 keys every twin writes, shared by all its threads. */
final class TwinKeys {

    private static final String[] KEYS = Keys.numbered("key-", 1024).toArray(String[]::new);

    private TwinKeys() {
    }

    static String any() {
        return KEYS[ThreadLocalRandom.current().nextInt(KEYS.length)];
    }
}
