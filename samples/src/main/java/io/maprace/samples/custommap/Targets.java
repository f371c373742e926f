package io.maprace.samples.custommap;

import io.maprace.samples.Keys;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The objects both attachment samples attach to: 48 long-lived objects whose identity hash codes fall in distinct
 * bins of a 64-slot table (no tree bins, so the race cannot hang; see {@link Keys#spread}), and the two hot
 * categories that all threads share.
 */
final class Targets {

    static final String[] HOT_CATEGORIES = {"metrics", "tracing"};
    private static final Object[] TARGETS = pick(48);

    private Targets() {
    }

    static Object any() {
        return TARGETS[ThreadLocalRandom.current().nextInt(TARGETS.length)];
    }

    /** Fills {@code batch} with random targets and returns it. */
    static Object[] fill(Object[] batch) {
        for (int i = 0; i < batch.length; i++) {
            batch[i] = any();
        }
        return batch;
    }

    static String hotCategory() {
        return HOT_CATEGORIES[ThreadLocalRandom.current().nextInt(HOT_CATEGORIES.length)];
    }

    private static Object[] pick(int count) {
        Object[] picked = new Object[count];
        boolean[] usedBins = new boolean[Keys.MIN_TREEIFY_CAPACITY];
        int n = 0;
        while (n < count) {
            Object candidate = new Object();
            int bin = Keys.binOfHashCode(System.identityHashCode(candidate));
            if (!usedBins[bin]) {
                usedBins[bin] = true;
                picked[n++] = candidate;
            }
        }
        return picked;
    }
}
