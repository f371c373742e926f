package io.maprace.heap;

import io.maprace.findings.Severity;
import io.maprace.model.MapFamily;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Confirming damage on a map that is written during every read, read by read as a live scan does: any read may
 * catch a write halfway (a size read before an entry went in, the entry counted after), the first one included,
 * so lasting damage is the damage most reads agree on, and a glimpse is dropped.
 */
class BusyMapConfirmationTest {

    /** The lasting damage: size 53 over 50 entries. */
    private static final Defect OFF_BY_3 = size(3);
    private static final Defect LOOP = new Defect("bin-cycle", "the chain of bin 3 loops", true, "bin 3 node 7");

    private static Defect size(int delta) {
        return new Defect("size-mismatch", "size is " + (50 + delta) + " but the table holds 50 entries", false,
                "delta " + delta);
    }

    /** Reads of a map written during each (its modCount moves by two per read), with the given defects. */
    private static final class Reads implements Supplier<MapCheck> {
        private final Deque<List<Defect>> script = new ArrayDeque<>();
        private int modCount = 100;
        int taken;

        Reads(List<List<Defect>> defectsPerRead) {
            script.addAll(defectsPerRead);
        }

        MapCheck first() {
            return get();
        }

        @Override
        public MapCheck get() {
            taken++;
            List<Defect> defects = script.isEmpty() ? List.of() : script.poll();
            int before = modCount;
            modCount += 2;
            return new MapCheck(MapFamily.HASH_MAP, "java.util.HashMap", 53, 128, before, modCount, 50, true,
                    false, 0, defects, List.of(), 1_000_000);
        }
    }

    private static Confirmer.Verdict confirm(Reads reads, Confirmer.Suspender suspender) {
        return new Confirmer(suspender, 100_000_000, false).confirm(reads.first(), reads);
    }

    @Test
    void aFirstReadThatCaughtAWriteHalfwayDoesNotHideLastingDamage() {
        Reads reads = new Reads(List.of(List.of(size(4)), List.of(OFF_BY_3), List.of(OFF_BY_3), List.of(OFF_BY_3)));
        Confirmer.Verdict v = confirm(reads, null);
        assertEquals(Severity.LIKELY, v.severity(), v.how());
        assertEquals(List.of(OFF_BY_3), v.defects());
        assertTrue(v.how().contains("3 of 4 reads"), v.how());
    }

    @Test
    void aLaterReadThatCaughtAWriteHalfwayDoesNotHideLastingDamage() {
        Reads reads = new Reads(List.of(List.of(OFF_BY_3), List.of(OFF_BY_3), List.of(size(2)), List.of(OFF_BY_3)));
        Confirmer.Verdict v = confirm(reads, null);
        assertEquals(Severity.LIKELY, v.severity(), v.how());
        assertEquals(List.of(OFF_BY_3), v.defects());
        assertEquals(4, reads.taken);
    }

    @Test
    void threeAgreeingReadsAreEnough() {
        Reads reads = new Reads(List.of(List.of(OFF_BY_3), List.of(OFF_BY_3), List.of(OFF_BY_3)));
        Confirmer.Verdict v = confirm(reads, null);
        assertEquals(Severity.LIKELY, v.severity(), v.how());
        assertEquals(3, reads.taken);
    }

    @Test
    void aGlimpseIsDroppedOnceItCannotReachThreeReads() {
        Reads reads = new Reads(List.of(List.of(size(1))));
        Confirmer.Verdict v = confirm(reads, null);
        assertNull(v.severity(), v.how());
        assertEquals(4, reads.taken, "after the fourth read one more cannot make three");
        assertTrue(v.how().contains("in 3 of 4 reads"), v.how());
    }

    @Test
    void aStructuralDefectOnTwoReadsIsProofEvenIfAReadBetweenMissedIt() {
        Reads reads = new Reads(List.of(List.of(LOOP), List.of(), List.of(LOOP)));
        Confirmer.Verdict v = confirm(reads, null);
        assertEquals(Severity.PROVEN, v.severity(), v.how());
        assertEquals(List.of(LOOP), v.defects());
    }

    @Test
    void aHeldReadComesOnceTwoReadsAgreeEvenIfTheFirstDidNot() {
        Reads reads = new Reads(List.of(List.of(size(4)), List.of(OFF_BY_3), List.of(OFF_BY_3), List.of(OFF_BY_3)));
        int[] holds = {0};
        Confirmer.Suspender holding = read -> {
            holds[0]++;
            return new Confirmer.Stopped(read.get(), List.of(), 2.5, false);
        };
        Confirmer.Verdict v = confirm(reads, holding);
        assertEquals(Severity.PROVEN, v.severity(), v.how());
        assertEquals(List.of(OFF_BY_3), v.defects());
        assertEquals(1, holds[0]);
        assertEquals(4, reads.taken, "three unheld reads, then the held one");
        assertTrue(v.how().contains("two of 3 reads"), v.how());
    }

    @Test
    void aGlimpseSeenOnceNeverHoldsTheTarget() {
        Reads reads = new Reads(List.of(List.of(size(1))));
        Confirmer.Suspender holding = read -> {
            throw new AssertionError("a glimpse seen on one read held the target");
        };
        Confirmer.Verdict v = confirm(reads, holding);
        assertNull(v.severity(), v.how());
    }

    @Test
    void damageGoneOnTheHeldReadIsDropped() {
        Reads reads = new Reads(List.of(List.of(OFF_BY_3), List.of(OFF_BY_3), List.of()));
        Confirmer.Suspender holding = read -> new Confirmer.Stopped(read.get(), List.of(), 2.5, false);
        Confirmer.Verdict v = confirm(reads, holding);
        assertNull(v.severity(), v.how());
        assertTrue(v.how().contains("held still"), v.how());
    }

    @Test
    void whenNoHoldSucceedsTheReadsGoOnAndSayWhy() {
        Reads reads = new Reads(List.of(List.of(OFF_BY_3), List.of(OFF_BY_3), List.of(OFF_BY_3)));
        Confirmer.Suspender writing = read -> new Confirmer.Stopped(null, List.of("worker-1"), 0.4, false);
        Confirmer.Verdict v = confirm(reads, writing);
        assertEquals(Severity.LIKELY, v.severity(), v.how());
        assertTrue(v.how().contains("could not hold the target") && v.how().contains("worker-1"), v.how());
    }

    @Test
    void damageGoneOnASecondReadOfAMapNobodyWroteIsDropped() {
        MapCheck first = new MapCheck(MapFamily.HASH_MAP, "java.util.HashMap", 53, 128, 7, 7, 50, true, false, 0,
                List.of(OFF_BY_3), List.of(), 1_000);
        MapCheck clean = new MapCheck(MapFamily.HASH_MAP, "java.util.HashMap", 50, 128, 7, 7, 50, true, false, 0,
                List.of(), List.of(), 1_000);
        int[] taken = {0};
        Confirmer.Verdict v = new Confirmer(null, 0, false).confirm(first, () -> {
            taken[0]++;
            return clean;
        });
        assertNull(v.severity(), v.how());
        assertEquals(1, taken[0]);
    }
}
