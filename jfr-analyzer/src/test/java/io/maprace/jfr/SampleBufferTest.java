package io.maprace.jfr;

import io.maprace.events.AllocationSample;
import io.maprace.events.AllocationTimes;
import io.maprace.events.CallStack;
import io.maprace.events.EpochNanos;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.jfr.chunk.PlainAllocations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBufferTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** One sample as the test knows it: an execution sample, or an allocation sample no rule reads. */
    private record Sample(ObservedEvent event, Instant time) {
        boolean plain() {
            return event instanceof AllocationSample;
        }
    }

    /** Samples in per-thread runs, as a segment has them, with many equal times across threads; a third plain. */
    private static List<Sample> segment(long seed, int n, Duration spread) {
        Random r = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        long[] clock = new long[4];
        for (int i = 0; i < n; i++) {
            int t = r.nextInt(4);
            clock[t] += r.nextInt(3) * spread.toNanos() / n;
            Instant at = T0.plusNanos(clock[t]);
            ThreadRef thread = new ThreadRef(t, "t" + t);
            samples.add(r.nextInt(3) == 0
                    ? new Sample(new AllocationSample(at, thread, "java.lang.String", CallStack.EMPTY), at)
                    : new Sample(new StackSample(at, thread, CallStack.EMPTY), at));
        }
        return samples;
    }

    private static SampleBuffer buffer(List<Sample> samples) {
        SampleBuffer b = new SampleBuffer();
        samples.forEach(s -> b.add(s.event()));
        return b;
    }

    private static void assertInOrder(List<Sample> expected, SampleBuffer b) {
        assertEquals(expected.size(), b.size());
        for (int i = 0; i < expected.size(); i++) {
            Sample s = expected.get(i);
            assertSame(s.event(), b.event(i), "event at " + i);
            assertEquals(EpochNanos.of(s.time()), b.time(i), "time at " + i);
        }
    }

    private static void sortsAsTheStableComparatorSort(List<Sample> samples) {
        SampleBuffer b = buffer(samples);
        List<Sample> expected = new ArrayList<>(samples.stream().filter(s -> !s.plain()).toList());
        expected.sort(Comparator.comparing(Sample::time));
        b.sort();
        assertInOrder(expected, b);
        // a second sort (a replay of the analysis) finds them in order and changes nothing
        b.sort();
        assertInOrder(expected, b);
        // the allocations no rule reads are kept aside, in file order, as a time and a thread each
        List<Sample> plain = samples.stream().filter(Sample::plain).toList();
        assertEquals(1, b.plainAllocations().size());
        AllocationTimes times = b.plainAllocations().get(0);
        assertEquals(plain.size(), times.size());
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(EpochNanos.of(plain.get(i).time()), times.epochNanos(i));
            assertEquals(((AllocationSample) plain.get(i).event()).thread().id(), times.threadId(i));
        }
    }

    @Test
    void aMapsAllocationStaysASample() {
        Instant at = T0.plusMillis(3);
        SampleBuffer b = new SampleBuffer();
        AllocationSample table = new AllocationSample(at, new ThreadRef(1, "t"), "[Ljava.util.HashMap$Node;",
                CallStack.EMPTY);
        b.add(table);
        b.add(new AllocationSample(at, new ThreadRef(1, "t"), "java.lang.String", CallStack.EMPTY));
        assertEquals(1, b.size());
        assertSame(table, b.event(0));
        assertEquals(1, b.plainAllocations().get(0).size());
    }

    @Test
    void plainAllocationsAreFoundByThreadAndTime() {
        PlainAllocations p = new PlainAllocations();
        ThreadRef a = new ThreadRef(1, "a");
        ThreadRef b = new ThreadRef(2, "b");
        p.add(100, a);
        p.add(200, b);
        p.add(300, a);
        assertTrue(p.any(1, 250, 300));
        assertTrue(p.any(2, 0, 1000));
        assertFalse(p.any(1, 101, 299));
        assertFalse(p.any(2, 201, 1000));
        assertFalse(p.any(3, 0, 1000));
        assertEquals(100, p.earliestNanos());
        assertEquals(300, p.latestNanos());
    }

    @Test
    void sortsEventsStablyByTimeAndKeepsPlainAllocationsAside() {
        for (long seed = 1; seed <= 20; seed++) {
            sortsAsTheStableComparatorSort(segment(seed, 5_000, Duration.ofSeconds(2)));
        }
    }

    @Test
    void samplesHoursApartAreSortedThePlainWay() {
        sortsAsTheStableComparatorSort(segment(7, 2_000, Duration.ofHours(3)));
    }

    @Test
    void theLatestTimeIsTheLargest() {
        List<Sample> samples = segment(5, 300, Duration.ofMillis(50));
        Instant latest = samples.stream().map(Sample::time).max(Comparator.naturalOrder()).orElseThrow();
        assertEquals(latest, buffer(samples).latest());
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
            Arrays.sort(expected);
            SampleBuffer.mergeRuns(keys);
            assertArrayEquals(expected, keys, "round " + round);
        }
    }
}
