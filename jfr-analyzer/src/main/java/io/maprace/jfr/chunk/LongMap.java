package io.maprace.jfr.chunk;

/**
 * Values by long key (constant-pool keys), without boxing: open addressing, linear probing. Pools hold up to
 * hundreds of thousands of entries per chunk and are looked up once per event.
 */
final class LongMap<V> {

    private long[] keys;
    private Object[] values;
    private boolean[] used;
    private int size;

    LongMap() {
        this(32);
    }

    /** A map that takes {@code expected} entries without growing. */
    LongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, Math.min(expected, 1 << 28)) * 2 - 1) * 2;
        keys = new long[capacity];
        values = new Object[capacity];
        used = new boolean[capacity];
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Puts the value, replacing an earlier one under the same key. */
    void put(long key, V value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
