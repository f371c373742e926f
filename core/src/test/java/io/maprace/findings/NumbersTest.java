package io.maprace.findings;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NumbersTest {

    @Test
    void groupsThousandsAsTheRootLocaleFormatDoes() {
        long[] edges = {0, 1, -1, 999, 1000, -1000, 12_345, 123_456, 1_234_567, -1_234_567, Long.MAX_VALUE,
                Long.MIN_VALUE};
        for (long n : edges) {
            assertEquals(String.format(Locale.ROOT, "%,d", n), Numbers.grouped(n), "for " + n);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long n = random.nextLong() >> random.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "%,d", n), Numbers.grouped(n), "for " + n);
        }
    }

    @Test
    void roundsHalfUpAsTheRootLocaleFormatDoes() {
        double[] edges = {0, 0.05, 0.15, 0.25, 0.35, 1.45, 2.5, -2.5, 0.95, 9.95, 99.95, 1e-7, 123456.789, -0.04,
                1e20, 0.045, 0.125};
        for (double d : edges) {
            for (int places = 0; places <= 3; places++) {
                assertEquals(String.format(Locale.ROOT, "%." + places + "f", d), Numbers.fixed(d, places),
                        d + " to " + places);
            }
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            double d = random.nextInt(1_000_000) / 1000.0 * (random.nextBoolean() ? 1 : -1);
            int places = random.nextInt(3);
            assertEquals(String.format(Locale.ROOT, "%." + places + "f", d), Numbers.fixed(d, places),
                    d + " to " + places);
        }
    }

    @Test
    void padsWithZeros() {
        assertEquals("07", Numbers.zeroPadded(7, 2));
        assertEquals("59", Numbers.zeroPadded(59, 2));
        assertEquals("123", Numbers.zeroPadded(123, 2));
    }

    @Test
    void durationsInMillisecondsUnderASecondThenSeconds() {
        assertEquals("300 ms", Numbers.duration(java.time.Duration.ofMillis(300)));
        assertEquals("60 s", Numbers.duration(java.time.Duration.ofSeconds(60)));
        assertEquals("1.5 s", Numbers.duration(java.time.Duration.ofMillis(1500)));
    }
}
