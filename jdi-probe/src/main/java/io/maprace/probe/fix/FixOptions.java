package io.maprace.probe.fix;

import java.time.Duration;

/**
 * How {@code fix} runs.
 *
 * @param heapRefs find every reference with a stop-the-world heap walk ({@code referringObjects})
 * @param unstick throw an exception into threads looping in the old map
 * @param maxPause longest hold of the threads that use the map while waiting for the others to leave it
 * @param waitForThread how long to wait for a thread of the application to reach the barrier
 * @param invokeTimeout bound of each piece of code run in the target
 * @param verifyFor how long to watch the map in place after the swap
 * @param recheckEntries entries the integrity checks read at most from a map the plan saw damaged, its users
 *                       held, when nothing faster can check it (a TreeMap, an IdentityHashMap: a JDWP round trip
 *                       per entry); they also stop after {@link Swapper#RECHECK_TIME}
 */
public record FixOptions(boolean heapRefs, boolean unstick, Duration maxPause, Duration waitForThread,
                         Duration invokeTimeout, Duration verifyFor, int recheckEntries) {

    public static FixOptions defaults() {
        return new FixOptions(false, false, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofMillis(500), Planner.AUDIT_ENTRIES);
    }

    public FixOptions withHeapRefs(boolean on) {
        return new FixOptions(on, unstick, maxPause, waitForThread, invokeTimeout, verifyFor, recheckEntries);
    }

    public FixOptions withUnstick(boolean on) {
        return new FixOptions(heapRefs, on, maxPause, waitForThread, invokeTimeout, verifyFor, recheckEntries);
    }

    public FixOptions withMaxPause(Duration d) {
        return new FixOptions(heapRefs, unstick, d, waitForThread, invokeTimeout, verifyFor, recheckEntries);
    }

    public FixOptions withWaitForThread(Duration d) {
        return new FixOptions(heapRefs, unstick, maxPause, d, invokeTimeout, verifyFor, recheckEntries);
    }

    public FixOptions withRecheckEntries(int n) {
        return new FixOptions(heapRefs, unstick, maxPause, waitForThread, invokeTimeout, verifyFor, n);
    }
}
