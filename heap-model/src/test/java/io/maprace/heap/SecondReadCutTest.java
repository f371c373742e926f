package io.maprace.heap;

import io.maprace.findings.Severity;
import io.maprace.model.MapFamily;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Damage seen on one read whose second read the scan's time cut short. On a map written meanwhile (its modCount
 * moved) damage a write in progress can produce says nothing and is not reported (a busy synchronized WeakHashMap's
 * entries leave the reference queue and the table while a walk of seconds reads them); a looping bin still is, as
 * a candidate; on a map nobody wrote, the damage is a candidate as before.
 */
class SecondReadCutTest {

    private static final Defect SIZE = new Defect("size-mismatch", "size is 10 but the table holds 9 entries", false,
            "delta 1");
    private static final Defect LOOP = new Defect("bin-cycle", "the chain of bin 3 loops", true, "bin 3 node 7");

    private static MapCheck first(Defect... defects) {
        return new MapCheck(MapFamily.HASH_MAP, "java.util.HashMap", 10, 16, 5, MapCheck.UNKNOWN, 9, true, false, 0,
                List.of(defects), List.of(), 1_000);
    }

    /** A second read cut after 3 entries, ending at {@code modCount}. */
    private static MapCheck cut(int modCount) {
        return new MapCheck(MapFamily.HASH_MAP, "java.util.HashMap", 10, 16, modCount, modCount, 3, false, false, 0,
                List.of(), List.of(), 1_000);
    }

    private static Confirmer.Verdict confirm(MapCheck first, MapCheck second) {
        return new Confirmer(null, 0).confirm(first, () -> second);
    }

    @Test
    void writtenMeanwhileADefectAWriteCanMakeIsDropped() {
        Confirmer.Verdict v = confirm(first(SIZE), cut(8));
        assertNull(v.severity(), v.how());
    }

    @Test
    void writtenMeanwhileALoopStaysACandidate() {
        Confirmer.Verdict v = confirm(first(SIZE, LOOP), cut(8));
        assertEquals(Severity.CANDIDATE, v.severity());
        assertEquals(List.of(LOOP), v.defects());
    }

    @Test
    void notWrittenTheDamageStaysACandidate() {
        Confirmer.Verdict v = confirm(first(SIZE), cut(5));
        assertEquals(Severity.CANDIDATE, v.severity());
        assertEquals(List.of(SIZE), v.defects());
    }
}
