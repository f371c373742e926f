package io.maprace.probe.fix;

import java.util.List;

/**
 * What a fix did.
 *
 * @param action {@code fixed} or {@code undone}
 * @param pauseMillis how long the first thread that uses the map was held (the longest hold)
 * @param heldThreads threads held at the barrier
 * @param barrierMethods methods that read the map's field(s), where threads were held
 * @param rounds barrier rounds until no thread was inside the map
 * @param entriesRecovered entries in the replacement (-1 when the map was wrapped, not copied)
 * @param entriesLost entries the damaged map's size counted but no walk reached (an estimate; 0 when unknown)
 * @param duplicatesDropped nodes or keys reached twice in the damaged map, kept once
 * @param holdersVerified references read back after the swap that point at the replacement
 * @param writesAfter structural changes seen in the map now in place during the check after the swap (-1: not
 *                    measured)
 * @param released threads looping in the old map that {@code --unstick} released
 * @param notes anything else the user should know
 */
public record FixResult(String action, double pauseMillis, int heldThreads, int barrierMethods, int rounds,
                        int entriesRecovered, int entriesLost, int duplicatesDropped, int holdersVerified,
                        long writesAfter, List<Released> released, List<String> notes) {

    public FixResult {
        released = List.copyOf(released);
        notes = List.copyOf(notes);
    }

    /**
     * @param thread the thread's name
     * @param left whether it was out of the old map's code after the exception
     */
    public record Released(String thread, boolean left) {
    }
}
