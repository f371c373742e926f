package io.maprace.probe.watch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The budget governor on a made-up clock (nanoseconds). */
class GovernorTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void slowWritesAreWatchedAllTheTime() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        for (long t = 0; t < 10 * S; t += 100 * MS) {
            g.charge(1, 500_000, t); // 0.5 ms suspended, 10 times a second: 0.5% of one thread
            assertTrue(g.tick(t, false));
        }
        assertEquals(1.0, g.watchedFraction(10 * S), 1e-9);
        assertEquals(0.005, g.overhead(10 * S), 1e-3);
    }

    @Test
    void fastWritesAreSampledWithinTheBudget() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        long t = 0;
        long charged = 0;
        while (t < 20 * S) {
            if (g.tick(t, false)) {
                g.charge(1, MS, t); // while on, a 1 ms hit every 2 ms: 50% of the thread
                charged += MS;
            }
            t += 2 * MS;
        }
        double fraction = g.watchedFraction(t);
        assertTrue(fraction > 0.05 && fraction < 0.2, "watched " + fraction);
        assertTrue(g.windows() > 5, "windows " + g.windows());
        // Over 20 s, no more than the budget plus one burst of allowance.
        assertTrue(charged <= 0.05 * 20 * S + 0.05 * S + 2 * MS, "charged " + charged);
    }

    @Test
    void aHoldKeepsTheWindowOpenAndMustFitTheAllowance() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        assertTrue(g.allowHold(20 * MS, 0));
        assertFalse(g.allowHold(60 * MS, 0)); // one thread: 50 ms of allowance at most
        g.charge(1, 100 * MS, 1 * MS);
        assertTrue(g.tick(2 * MS, true)); // held: stays on although overspent
        assertFalse(g.tick(3 * MS, false));
    }

    @Test
    void moreWritingThreadsMeanMoreAllowance() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        g.charge(1, 0, 0);
        g.charge(2, 0, 0);
        g.charge(3, 0, 0);
        assertFalse(g.allowHold(120 * MS, 1), "one thread's allowance so far: 50 ms");
        assertTrue(g.allowHold(120 * MS, S), "three threads: up to 150 ms once refilled at 15% a second");
    }

    @Test
    void finishedWatchStopsTheClock() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        g.tick(S, false);
        g.finish(2 * S);
        assertFalse(g.tick(3 * S, false));
        assertEquals(1.0, g.watchedFraction(10 * S), 1e-9);
        assertEquals(2 * S, g.finishedAfter());
    }
}
