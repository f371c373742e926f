package io.maprace.rules;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapHistory;

import java.util.List;

/**
 * What the watch concluded about one map instance: proven when two threads were caught inside writes at once,
 * likely when several threads wrote it, interleaved, with no exclusive lock common to every write.
 *
 * @param severity {@code proven}, {@code likely}, or null when the writes seen were safe
 * @param reason one line: why ({@code one writer thread}, {@code every write held monitor Foo@12})
 */
public record Verdict(Severity severity, String reason) {

    /** Judges what a watch saw of one map. */
    public static Verdict of(MapHistory h) {
        if (!h.overlaps().isEmpty()) {
            return new Verdict(Severity.PROVEN, "a second thread entered a write while the first was held in one");
        }
        if (h.writes() == 0) {
            return new Verdict(null, "no writes seen");
        }
        List<ThreadRef> writers = h.writers();
        if (writers.size() < 2) {
            return new Verdict(null, "one writer thread (" + writers.get(0) + ")");
        }
        String lock = h.commonExclusiveLock();
        if (lock != null) {
            return new Verdict(null, "every write held " + lock);
        }
        if (h.writerSwitches() < 2) {
            return new Verdict(null, "written by one thread, then by another (a hand-over, not interleaved)");
        }
        return new Verdict(Severity.LIKELY, writers.size() + " threads wrote it, interleaved, with no common"
                + " exclusive lock");
    }

    public boolean unsafe() {
        return severity != null;
    }
}
