package io.maprace.heap;

import io.maprace.findings.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Tells lasting damage from a glimpse of a write in progress. Reading a map takes many requests while its owner
 * may keep writing, so one read of a busy map is not a snapshot: a resize or a rotation caught halfway, or entries
 * removed and added while the walk goes, look broken. A defect counts only if it shows again, at the same place
 * (the same entries, the same difference between {@code size} and the count), and is proof when
 * <ul>
 *   <li>no write happened across both reads ({@code modCount} unchanged): the reads were snapshots, or</li>
 *   <li>it is structural: no write in progress can produce it, whatever the timing (a loop in a plain bin, an entry
 *       in the wrong bucket, a negative size), or</li>
 *   <li>a read with the target's threads held for a bounded moment, none of them inside a map write, shows it.</li>
 * </ul>
 * On a map that keeps being written and cannot be held still, the same defect at the same place in three reads
 * spread over time is {@code likely}. Anything else is dropped, and the map says it could not be confirmed.
 */
public final class Confirmer {

    /** Holds the target still for one read. */
    public interface Suspender {
        /**
         * Stops the target's threads, and if none is inside a map write, runs {@code read}; resumes them.
         *
         * @return the read (null if not run), the threads found writing, and whether the hold ran out
         */
        Stopped read(Supplier<MapCheck> read);
    }

    public record Stopped(MapCheck check, List<String> writers, double pauseMillis, boolean expired) {
    }

    /** The outcome for one map: a severity and the defects behind it, or none and why. */
    public record Verdict(Severity severity, List<Defect> defects, String how) {
        boolean damaged() {
            return severity != null;
        }

        /**
         * Damage seen on one read that could not be read again ({@code why}: the time ran out, the target exited):
         * reported, as a candidate, since the walk will not come back to it.
         */
        static Verdict unconfirmed(List<Defect> defects, String how) {
            return new Verdict(Severity.CANDIDATE, defects, "not confirmed: " + how);
        }

        /**
         * Damage seen on one read of a map that was being written meanwhile, and not read again ({@code why}): if
         * a write in progress can produce all of it, that read says nothing, and nothing is reported; damage no
         * write makes (a looping bin) stays a candidate.
         */
        static Verdict writtenMeanwhile(MapCheck first, String why) {
            List<Defect> structural = first.defects().stream().filter(Defect::structural).toList();
            return structural.isEmpty()
                    ? new Verdict(null, List.of(), "seen on one read while the map was being written; " + why)
                    : unconfirmed(structural, "seen on one read; " + why);
        }
    }

    private static final int ATTEMPTS = 3;
    /** Gap before the third read of a busy map: long against any single write. */
    private static final long THIRD_READ_GAP_MILLIS = 300;

    private final Suspender suspender;
    private final long pauseBudgetNanos;

    Confirmer(Suspender suspender, long pauseBudgetNanos) {
        this.suspender = suspender;
        this.pauseBudgetNanos = pauseBudgetNanos;
    }

    Verdict confirm(MapCheck first, Supplier<MapCheck> reread) {
        // The reference handler enqueues cleared references within milliseconds; give it ample time before
        // calling a stale weak entry that was never enqueued lasting.
        boolean slow = first.defects().stream().anyMatch(d -> d.check().equals(WeakHashMapChecker.NOT_ENQUEUED));
        pause(slow ? 500 : 20);
        long start = System.nanoTime();
        MapCheck second = reread.get();
        List<Defect> lasting = common(first.defects(), second.defects());
        if (lasting.isEmpty() && !second.complete() && second.entries() < first.entries()) {
            // The second read stopped (the scan's time ran out) before it got as far as the first: it says nothing.
            String why = "the second was cut by the scan's time limit after " + second.entries() + " of the "
                    + first.entries() + " entries the first one read";
            boolean written = second.modCountAfter() != MapCheck.UNKNOWN
                    && first.modCountBefore() != MapCheck.UNKNOWN && second.modCountAfter() != first.modCountBefore();
            return written ? Verdict.writtenMeanwhile(first, why) : Verdict.unconfirmed(first.defects(),
                    "seen on one read; " + why);
        }
        if (lasting.isEmpty()) {
            return new Verdict(null, List.of(), "not seen again on a second read: a write in progress");
        }
        // modCount only grows: unchanged from the start of the first read to the end of the second, nothing was
        // written in between and both reads were snapshots.
        boolean quiet = second.modCountAfter() != MapCheck.UNKNOWN && first.modCountBefore() == second.modCountAfter();
        if (quiet) {
            return new Verdict(Severity.PROVEN, lasting, "seen on two reads with no write to the map in between");
        }
        List<Defect> structural = lasting.stream().filter(Defect::structural).toList();
        if (!structural.isEmpty()) {
            return new Verdict(Severity.PROVEN, structural, "seen on two reads; no write in progress can produce it");
        }
        List<String> writers = List.of();
        boolean fits = second.nanos() <= pauseBudgetNanos;
        if (suspender != null && fits) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Stopped stopped = suspender.read(reread);
                if (stopped.check() != null && !stopped.expired()) {
                    List<Defect> held = common(lasting, stopped.check().defects());
                    if (held.isEmpty()) {
                        return new Verdict(null, List.of(), "gone on a read with the target held still");
                    }
                    return new Verdict(Severity.PROVEN, held, String.format("seen on two reads and again with the "
                            + "target's threads held for %.1f ms, none inside a map write", stopped.pauseMillis()));
                }
                writers = stopped.writers();
                pause(10);
            }
        }
        pause(THIRD_READ_GAP_MILLIS);
        MapCheck third = reread.get();
        List<Defect> again = common(lasting, third.defects());
        String why = suspender == null ? "" : !fits ? "; too large to re-read within --max-pause"
                : "; could not hold the target with no thread inside a map write"
                + (writers.isEmpty() ? "" : " (" + String.join(", ", writers) + ")");
        if (again.isEmpty() && !third.complete() && third.entries() < first.entries()) {
            return Verdict.unconfirmed(lasting, "seen on two reads while the map was being written; the third was "
                    + "cut by the scan's time limit" + why);
        }
        if (again.isEmpty()) {
            return new Verdict(null, List.of(), "not confirmed: the map was written during every read" + why);
        }
        return new Verdict(Severity.LIKELY, again, String.format("the same damage at the same entries in three reads "
                + "over %d ms while the map was being written%s", (System.nanoTime() - start) / 1_000_000, why));
    }

    /** Defects of {@code b} also found in {@code a} (same check, same place). */
    static List<Defect> common(List<Defect> a, List<Defect> b) {
        Set<String> keys = a.stream().map(Defect::key).collect(Collectors.toSet());
        Map<String, Defect> out = new LinkedHashMap<>();
        for (Defect d : b) {
            if (keys.contains(d.key())) {
                out.putIfAbsent(d.key(), d);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void pause(long millis) {
        // A deliberate gap between two observations of the target, so that a write in progress has finished.
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
