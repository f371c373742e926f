package io.maprace.jfr;

import io.maprace.events.CallStack;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TimeOrderTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** Samples in per-thread runs, as a segment has them, with many equal times across threads. */
    private static List<ObservedEvent> segment(long seed, int n, Duration spread) {
        Random r = new Random(seed);
        List<ObservedEvent> events = new ArrayList<>();
        long[] clock = new long[4];
        for (int i = 0; i < n; i++) {
            int thread = r.nextInt(4);
            clock[thread] += r.nextInt(3) * spread.toNanos() / n;
            events.add(new StackSample(T0.plusNanos(clock[thread]), new ThreadRef(thread, "t" + thread),
                    CallStack.EMPTY));
        }
        return events;
    }

    private static void sortLikeTheFeed(List<ObservedEvent> events) {
        TimeOrder times = new TimeOrder();
        events.forEach(e -> times.add(e.time()));
        long[] t = times.take();
        TimeOrder.sort(events, t);
        // the times follow the events, so a second sort (a replay) finds them in order and changes nothing
        List<ObservedEvent> once = List.copyOf(events);
        TimeOrder.sort(events, t);
        assertEquals(once, events);
        for (int i = 0; i < events.size(); i++) {
            Instant at = events.get(i).time();
            assertEquals(at.getEpochSecond() * 1_000_000_000L + at.getNano(), t[i], "time " + i);
        }
    }

    @Test
    void sortsStablyAsTheComparatorDoes() {
        for (long seed = 1; seed <= 20; seed++) {
            List<ObservedEvent> expected = segment(seed, 5_000, Duration.ofSeconds(2));
            List<ObservedEvent> actual = new ArrayList<>(expected);
            expected.sort(Comparator.comparing(ObservedEvent::time));
            sortLikeTheFeed(actual);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), actual.get(i), "seed " + seed + ", position " + i);
            }
        }
    }

    @Test
    void samplesHoursApartAreSortedThePlainWay() {
        List<ObservedEvent> expected = segment(7, 2_000, Duration.ofHours(3));
        List<ObservedEvent> actual = new ArrayList<>(expected);
        expected.sort(Comparator.comparing(ObservedEvent::time));
        sortLikeTheFeed(actual);
        assertEquals(expected, actual);
    }

    @Test
    void mergingRunsSortsAsArraysSortDoes() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            int n = r.nextInt(3_000);
            long[] keys = new long[n];
            long v = 0;
            for (int i = 0; i < n; i++) {
                // runs of random lengths, each starting lower than the last ended; distinct keys, as sort makes
                v = r.nextInt(40) == 0 ? v - r.nextInt(1_000_000) : v + 1 + r.nextInt(100);
                keys[i] = v * 4096 + i;
            }
            long[] expected = keys.clone();
            java.util.Arrays.sort(expected);
            TimeOrder.mergeRuns(keys);
            assertArrayEquals(expected, keys, "round " + round);
        }
    }

    @Test
    void timesInOrderAreLeftAsTheyAre() {
        List<ObservedEvent> events = segment(3, 100, Duration.ofMillis(10));
        events.sort(Comparator.comparing(ObservedEvent::time));
        List<ObservedEvent> before = List.copyOf(events);
        long[] t = events.stream().mapToLong(e -> e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano())
                .toArray();
        long[] copy = t.clone();
        TimeOrder.sort(events, t);
        assertEquals(before, events);
        assertArrayEquals(copy, t);
    }
}
