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
        // Hot code: each re-arm costs 150 ms of the thread's time, so the watch comes back less often.
        assertTrue(fraction > 0.02 && fraction < 0.2, "watched " + fraction);
        assertTrue(g.windows() >= 2 && g.windows() <= 8, "a window every 3 s at most: " + g.windows());
        // Hits back to back: hot code, whose re-arms cost more than the events (deoptimization).
        assertTrue(g.rearmNanos() >= (g.windows() - 1) * 100 * MS, "re-arms charged " + g.rearmNanos());
        // Over 20 s, events and re-arms within the budget plus the first window's two bursts.
        assertTrue(charged + g.rearmNanos() <= 0.05 * 20 * S + 2 * 0.15 * S + 2 * MS, "charged " + charged);
    }

    @Test
    void theSetupIsChargedAfterTheFirstWindowByALongerPause() {
        // The same hot writes as above, after a setup that cost the host 2 s of CPU in 3 s.
        Governor charged = new Governor(0.05, 0);
        charged.start(0);
        charged.chargeSetup(2 * S, 3 * S);
        Governor free = new Governor(0.05, 0);
        free.start(0);
        long[] firstWindowEnd = new long[2];
        long t = 0;
        while (t < 30 * S) {
            int i = 0;
            for (Governor g : new Governor[]{charged, free}) {
                boolean wasOn = g.on();
                if (g.tick(t, false)) {
                    g.charge(1, MS, t);
                } else if (wasOn && firstWindowEnd[i] == 0) {
                    firstWindowEnd[i] = t;
                }
                i++;
            }
            t += 2 * MS;
        }
        // the first window keeps its credit: it opens at once and lasts as long
        assertTrue(firstWindowEnd[0] > 0 && firstWindowEnd[0] == firstWindowEnd[1],
                "first windows closed at " + firstWindowEnd[0] + " and " + firstWindowEnd[1]);
        // the setup (2 s) is paid by watching less after it: at 5% of one thread, 40 s of refill, more than the
        // 30 s here
        assertTrue(charged.windows() < free.windows(), charged.windows() + " vs " + free.windows());
        assertTrue(charged.watchedFraction(t) < free.watchedFraction(t));
        // the overhead stated covers the setup: its cost over the whole session's time
        assertTrue(charged.overhead(t) > 2.0 * S / (33.0 * S), "overhead " + charged.overhead(t));
    }

    @Test
    void aHoldKeepsTheWindowOpenAndMustFitTheAllowance() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        assertTrue(g.allowHold(20 * MS, 0));
        // One thread: 150 ms of allowance, 150 ms more for the first window, and 150 ms to borrow.
        assertTrue(g.allowHold(400 * MS, 0));
        assertFalse(g.allowHold(500 * MS, 0));
        g.charge(1, 350 * MS, 1 * MS);
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
        // 300 ms for one thread so far (the first window's), and a burst of three threads (450 ms) to borrow.
        assertFalse(g.allowHold(800 * MS, 1));
        assertTrue(g.allowHold(800 * MS, 3 * S), "three threads: 450 ms once refilled at 15% a second, plus 450");
    }

    @Test
    void theFirstWindowsCreditOutlastsRefills() {
        Governor g = new Governor(0.05, 0);
        g.start(0);
        g.tick(100 * MS, false);
        assertTrue(g.allowHold(400 * MS, 200 * MS), "300 ms of tokens plus 150 ms to borrow");
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
