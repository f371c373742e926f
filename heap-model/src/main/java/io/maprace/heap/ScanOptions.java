package io.maprace.heap;

import java.time.Duration;

/**
 * What a scan may do.
 *
 * @param limit objects read at most (map entries included); the walk stops there and says so
 * @param timeout time the scan may take before it reports what it has
 * @param showValues whether keys may appear in paths and details
 * @param heapWalk also count and check map instances through a JVMTI heap walk, which stops the target's threads
 * @param maxPause longest time the target's threads may be held to confirm a damaged map that is being written;
 *                 zero never suspends
 * @param parallelism JDWP requests kept in flight
 * @param maxDepth longest path followed from a root
 * @param maxEntriesPerMap entries read from one map at most
 * @param top shared-map findings reported (corrupted maps are always all reported)
 */
public record ScanOptions(long limit, Duration timeout, boolean showValues, boolean heapWalk, Duration maxPause,
                          int parallelism, int maxDepth, int maxEntriesPerMap, int top) {

    public static ScanOptions defaults() {
        return new ScanOptions(2_000_000, Duration.ofSeconds(60), false, false, Duration.ofMillis(100), 4, 32,
                1_000_000, 20);
    }

    public ScanOptions withMaxEntriesPerMap(int m) {
        return new ScanOptions(limit, timeout, showValues, heapWalk, maxPause, parallelism, maxDepth, m, top);
    }

    public ScanOptions withLimit(long l) {
        return new ScanOptions(l, timeout, showValues, heapWalk, maxPause, parallelism, maxDepth, maxEntriesPerMap, top);
    }

    public ScanOptions withTimeout(Duration t) {
        return new ScanOptions(limit, t, showValues, heapWalk, maxPause, parallelism, maxDepth, maxEntriesPerMap, top);
    }

    public ScanOptions withShowValues(boolean s) {
        return new ScanOptions(limit, timeout, s, heapWalk, maxPause, parallelism, maxDepth, maxEntriesPerMap, top);
    }

    public ScanOptions withHeapWalk(boolean h) {
        return new ScanOptions(limit, timeout, showValues, h, maxPause, parallelism, maxDepth, maxEntriesPerMap, top);
    }

    public ScanOptions withMaxPause(Duration p) {
        return new ScanOptions(limit, timeout, showValues, heapWalk, p, parallelism, maxDepth, maxEntriesPerMap, top);
    }

    public ScanOptions withParallelism(int p) {
        return new ScanOptions(limit, timeout, showValues, heapWalk, maxPause, p, maxDepth, maxEntriesPerMap, top);
    }

    public ScanOptions withTop(int t) {
        return new ScanOptions(limit, timeout, showValues, heapWalk, maxPause, parallelism, maxDepth, maxEntriesPerMap, t);
    }
}
