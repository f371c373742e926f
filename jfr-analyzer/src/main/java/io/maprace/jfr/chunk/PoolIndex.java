package io.maprace.jfr.chunk;

/**
 * Where the values of one type's constant pool start in a chunk, by key. The checkpoints are walked once to list
 * every key and position (two array stores each, no boxing); the table that finds them by key is built on the
 * first lookup, sized from the count, so the pool of a type no wanted event refers to is never hashed.
 */
final class PoolIndex {

    private long[] keys = new long[0];
    private int[] positions = new int[0];
    private int count;
    /** Open addressing, linear probing; key 0 (null) is never stored, so it marks a free slot. */
    private long[] tableKeys;
    private int[] tablePositions;

    /**
     * Makes room for {@code more} values: a checkpoint gives each pool's count before its values. Up to a bound, so
     * that a damaged count makes no large array; a larger pool grows as it is read.
     */
    void expect(int more) {
        int needed = count + Math.min(more, 1 << 16);
        if (needed > keys.length) {
            keys = java.util.Arrays.copyOf(keys, needed);
            positions = java.util.Arrays.copyOf(positions, needed);
        }
    }

    /** A value at the position; a key listed again replaces the value listed before it. */
    void add(long key, int position) {
        if (key == 0) {
            return;
        }
        if (count == keys.length) {
            keys = java.util.Arrays.copyOf(keys, Math.max(16, count * 2));
            positions = java.util.Arrays.copyOf(positions, Math.max(16, count * 2));
        }
        keys[count] = key;
        positions[count] = position;
        count++;
        tableKeys = null;
    }

    /** The position of the key's value, or -1. */
    int find(long key) {
        if (key == 0) {
            return -1;
        }
        if (tableKeys == null) {
            build();
        }
        int mask = tableKeys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            long k = tableKeys[i];
            if (k == key) {
                return tablePositions[i];
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    private void build() {
        // At most half full, so a probe ends soon at a free slot.
        int capacity = Integer.highestOneBit(Math.max(8, count) * 2 - 1) * 2;
        tableKeys = new long[capacity];
        tablePositions = new int[capacity];
        int mask = capacity - 1;
        for (int n = 0; n < count; n++) {
            long key = keys[n];
            int i = hash(key) & mask;
            while (tableKeys[i] != 0 && tableKeys[i] != key) {
                i = (i + 1) & mask;
            }
            tableKeys[i] = key;
            tablePositions[i] = positions[n];
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
