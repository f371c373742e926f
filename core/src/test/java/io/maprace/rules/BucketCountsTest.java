package io.maprace.rules;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BucketCountsTest {

    @Test
    void countsAsAMapOfBucketsWouldThroughGrowthAndRevisits() {
        BucketCounts counts = new BucketCounts();
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(42);
        long base = 1_765_000_000_000L / 10;
        for (int i = 0; i < 50_000; i++) {
            // runs of one bucket, and buckets visited again out of order (chunks of a recording overlap)
            long bucket = base + (i % 7 == 0 ? random.nextInt(3_000) : i / 5);
            counts.add(bucket);
            expected.merge(bucket, 1, Integer::sum);
        }
        Map<Long, Integer> actual = new HashMap<>();
        counts.forEach((bucket, n) -> assertEquals(null, actual.put(bucket, n), "one entry per bucket"));
        assertEquals(expected, actual);
    }

    @Test
    void anEmptyTableVisitsNothing() {
        BucketCounts counts = new BucketCounts();
        counts.forEach((bucket, n) -> {
            throw new AssertionError("visited " + bucket);
        });
    }
}
