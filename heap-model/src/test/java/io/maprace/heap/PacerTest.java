package io.maprace.heap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A walk whose every read costs the host 1 ms, paced to a quarter of a core: it takes three times as long, and
 * what it cost stays at a quarter of the time it ran (the cost is counted as the reads run, as a meter of CPU
 * would).
 */
class PacerTest {

    @Test
    @Timeout(10)
    void aWalkAheadOfItsShareWaitsUntilItIsWithinIt() {
        AtomicLong cost = new AtomicLong();
        Pacer pacer = new Pacer(cost::get, 0.25, 0);
        ScanBudget budget = new ScanBudget(Long.MAX_VALUE, Duration.ofSeconds(30));
        budget.pace(pacer);
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_200_000_000L) {
            long read = System.nanoTime();
            while (System.nanoTime() - read < 1_000_000L) {
                Thread.onSpinWait(); // one read: 1 ms of work
            }
            cost.addAndGet(System.nanoTime() - read);
            assertTrue(budget.take(1));
        }
        double elapsed = System.nanoTime() - start;
        assertEquals(0.25, cost.get() / elapsed, 0.08, "cost over time");
        assertTrue(pacer.pausedMillis() > 600, "paused " + pacer.pausedMillis() + " ms of 1200");
        assertEquals(cost.get() / 1_000_000, pacer.costMillis());
    }

    @Test
    @Timeout(10)
    void theDeadlineEndsAWait() {
        AtomicLong cost = new AtomicLong(60_000_000_000L); // already a minute of CPU over
        Pacer pacer = new Pacer(() -> cost.get() * 2, 0.01, 0);
        ScanBudget budget = new ScanBudget(Long.MAX_VALUE, Duration.ofMillis(300));
        budget.pace(pacer);
        long start = System.nanoTime();
        budget.take(1);
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "waited past the scan's deadline");
    }
}
