package io.maprace.jfr.chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the values of one type's constant pool start in a chunk, by key. The checkpoints are walked once to list
 * every key and position (two array stores each, no boxing); the table that finds them by key is built on the
 * first lookup, sized from the count, so the pool of a type no wanted event refers to is never hashed.
 */
final class PoolIndex {

    /**
     * Arrays longer than this are not kept for the next chunk: a pool that large is rare, and a thread keeps its
     * spares for the whole run.
     */
    private static final int MAX_KEPT = 1 << 20;

    private long[] keys = new long[0];
    private int[] positions = new int[0];
    private int count;
    /**
     * Open addressing, linear probing; key 0 (null) is never stored, so it marks a free slot. The arrays may be
     * longer than the table (kept from an earlier chunk): only its first {@code tableSize} slots are used.
     */
    private long[] tableKeys;
    private int[] tablePositions;
    private int tableSize;
    private boolean built;

    /**
     * The indexes a decoding thread made for the chunks it decoded before, handed out again: a chunk's pools are
     * indexed anew in every chunk (the 500 MB benchmark recording: 90 of the 240 MB the analysis allocated), and
     * an index is garbage once its chunk is decoded.
     */
    static final class Spares {
        private final List<PoolIndex> all = new ArrayList<>();
        private int used;

        /** Every index handed out before is free again: the chunk it was for is decoded. */
        void reset() {
            used = 0;
        }

        /** An empty index. */
        PoolIndex next() {
            if (used == all.size()) {
                all.add(new PoolIndex());
            }
            PoolIndex p = all.get(used++);
            p.clear();
            return p;
        }
    }

    private void clear() {
        count = 0;
        built = false;
        if (keys.length > MAX_KEPT) {
            keys = new long[0];
            positions = new int[0];
        }
        if (tableKeys != null && tableKeys.length > MAX_KEPT) {
            tableKeys = null;
            tablePositions = null;
        }
    }

    /**
     * Makes room for {@code more} values: a checkpoint gives each pool's count before its values. Up to a bound, so
     * that a damaged count makes no large array; a larger pool grows as it is read.
     */
    void expect(int more) {
        int needed = count + Math.min(more, 1 << 16);
        if (needed > keys.length) {
            keys = Arrays.copyOf(keys, needed);
            positions = Arrays.copyOf(positions, needed);
        }
    }

    /** A value at the position; a key listed again replaces the value listed before it. */
    void add(long key, int position) {
        if (key == 0) {
            return;
        }
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, Math.max(16, count * 2));
            positions = Arrays.copyOf(positions, Math.max(16, count * 2));
        }
        keys[count] = key;
        positions[count] = position;
        count++;
        built = false;
    }

    /** The position of the key's value, or -1. */
    int find(long key) {
        if (key == 0) {
            return -1;
        }
        if (!built) {
            build();
        }
        int mask = tableSize - 1;
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
        if (tableKeys == null || tableKeys.length < capacity) {
            tableKeys = new long[capacity];
            tablePositions = new int[capacity];
        } else {
            Arrays.fill(tableKeys, 0, capacity, 0L);
        }
        tableSize = capacity;
        built = true;
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
