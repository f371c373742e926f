package io.maprace.rules;

import java.util.Arrays;

/**
 * Sample counts by time bucket, for one thread and site of the timeline: an open-addressing table of longs,
 * since a busy recording adds to it for each of its map-code samples and a map of boxed keys costs an object
 * and a lookup through them each time. Samples of one thread come in time order, so most go to the bucket of
 * the one before.
 */
final class BucketCounts {

    /** No bucket has it: buckets are milliseconds since the epoch divided by the bucket's length. */
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] buckets = empty(16);
    private int[] counts = new int[16];
    private int size;
    private long lastBucket = EMPTY;
    private int lastSlot;

    /** The visitor of {@link #forEach}. */
    interface Visitor {
        void count(long bucket, int count);
    }

    void add(long bucket) {
        add(bucket, 1);
    }

    void add(long bucket, int n) {
        if (bucket != lastBucket) {
            lastSlot = slot(bucket);
            lastBucket = bucket;
        }
        counts[lastSlot] += n;
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != EMPTY) {
                visitor.count(buckets[i], counts[i]);
            }
        }
    }

    /** The bucket's slot, made if it has none. */
    private int slot(long bucket) {
        int mask = buckets.length - 1;
        // The bucket itself is the index: a thread's samples fill consecutive buckets, which then lie side by side
        // in the table rather than scattered over it (fewer cache misses than a hash spreading them).
        int i = (int) bucket & mask;
        while (buckets[i] != EMPTY) {
            if (buckets[i] == bucket) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if (2 * (size + 1) > buckets.length) {
            grow();
            return slot(bucket);
        }
        buckets[i] = bucket;
        size++;
        return i;
    }

    private void grow() {
        long[] oldBuckets = buckets;
        int[] oldCounts = counts;
        buckets = empty(oldBuckets.length * 2);
        counts = new int[oldBuckets.length * 2];
        size = 0;
        for (int i = 0; i < oldBuckets.length; i++) {
            if (oldBuckets[i] != EMPTY) {
                counts[slot(oldBuckets[i])] = oldCounts[i];
            }
        }
        lastBucket = EMPTY;
    }

    private static long[] empty(int n) {
        long[] a = new long[n];
        Arrays.fill(a, EMPTY);
        return a;
    }
}
