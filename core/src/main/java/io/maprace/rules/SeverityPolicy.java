package io.maprace.rules;

import io.maprace.findings.Severity;

import java.util.Set;

/**
 * The one rule that turns a write group's evidence into a severity (the README states it too).
 *
 * <p>A sampled write group is {@code likely} when the map is seen corrupted at its methods (threads stuck in
 * its internals, exceptions from inside it), when a write is confirmed inside a shared read lock, or when two
 * independent kinds of evidence ({@link Kind}) agree and nothing in the recording shows a lock or confinement
 * at its methods. Otherwise it is a {@code candidate}. Groups with confinement evidence (the map allocated where
 * it is written, fresh tables on every call) are dropped before they get here.
 */
final class SeverityPolicy {

    /** Kinds of evidence that several threads write one map, each from a different look at the recording. */
    enum Kind {
        /** Timing: co-sampled in enough sweeps, and writers sampled close together in many short windows. */
        TIMING("writers sampled together in many short windows"),
        /** Pace: the writers spend a share of their samples in these writes no uncontended write would take. */
        PACE("the writers' time spent in these writes"),
        /** Allocations: new bucket tables allocated by resize at the site from several threads. */
        RESIZES("bucket tables resized by several threads"),
        /** Structure: a set one method adds to and removes from, run by several threads (per-call state). */
        PER_CALL_STRUCTURE("a set added to and removed from by several threads' calls");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** What it is, in a sentence of the explanation. */
        String label() {
            return label;
        }
    }

    /** Windows with two writers or more that, beside co-sampled sweeps, make timing evidence. */
    static final int MIN_NEARBY_WINDOWS = 10;
    /** The writers' share of samples in the writes, in percent, from which the pace counts. */
    static final int BUSY_PERCENT = 10;
    /** Samples in the writes below which a share means nothing. */
    static final int MIN_BUSY_SAMPLES = 20;

    private SeverityPolicy() {
    }

    /**
     * @param corrupted          signs of a corrupted map at the group's methods
     * @param writeInSharedLock  a confirmed write inside a shared read lock
     * @param kinds              the kinds of evidence the group has
     * @param lockSeen           a lock seen at the group's methods (samples in a lock's acquire or release, waits)
     */
    static Severity of(boolean corrupted, boolean writeInSharedLock, Set<Kind> kinds, boolean lockSeen) {
        if (corrupted || writeInSharedLock) {
            return Severity.LIKELY;
        }
        return kinds.size() >= 2 && !lockSeen ? Severity.LIKELY : Severity.CANDIDATE;
    }
}
