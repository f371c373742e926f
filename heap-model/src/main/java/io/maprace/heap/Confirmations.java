package io.maprace.heap;

import io.maprace.progress.Progress;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a scan that reads again each map that looked damaged ({@link Confirmer}), within the time the scan
 * has left. A map it cannot read again (the time ran out, the scan was stopped, the heap is gone, one map too
 * many) keeps the damage its one read saw, as a candidate that says why: the walk will not come back to it.
 */
final class Confirmations {

    /** Maps confirmed at most, and for how long: damage is rare, and confirming it must not stretch the scan. */
    static final int MAX_MAPS = 50;
    static final Duration MAX_TIME = Duration.ofSeconds(15);

    private final HeapScan scan;
    private final Heap heap;
    private final ScanOptions options;
    private final Progress progress;
    private volatile ScanBudget budget;
    private volatile String stopped;

    Confirmations(HeapScan scan, Heap heap, ScanOptions options, Progress progress) {
        this.scan = scan;
        this.heap = heap;
        this.options = options;
        this.progress = progress;
    }

    /** Ends the confirmations from any thread: the read under way stops, the rest are not read again. */
    void stop(String why) {
        stopped = why;
        ScanBudget b = budget;
        if (b != null) {
            b.stop(why);
        }
    }

    /**
     * @param damaged the maps that looked damaged: checked, with defects, and with a handle to read them again by
     *                (the scan picks them out in its one pass over every map)
     * @param left the time the scan has left for them (at most {@link #MAX_TIME} is taken)
     * @return a verdict for each
     */
    Map<FoundMap, Confirmer.Verdict> run(List<FoundMap> damaged, Confirmer.Suspender suspender, Duration left) {
        Map<FoundMap, Confirmer.Verdict> out = new HashMap<>();
        if (damaged.isEmpty()) {
            return out;
        }
        progress.phase("confirming " + damaged.size() + " maps that look damaged", damaged.size());
        Confirmer confirmer = new Confirmer(suspender, options.maxPause().toNanos());
        ScanBudget b = new ScanBudget(Long.MAX_VALUE, HeapScan.min(MAX_TIME, left.isNegative() ? Duration.ZERO : left));
        budget = b;
        if (stopped != null) {
            b.stop(stopped);
        }
        CheckContext reading = new CheckContext(heap, b, options.maxEntriesPerMap(), options.showValues())
                .confirming();
        int done = 0;
        for (FoundMap m : damaged) {
            String skip = done >= MAX_MAPS ? "more than " + MAX_MAPS + " maps looked damaged and only the first "
                    + MAX_MAPS + " were read again" : notReadAgain(b);
            out.put(m, skip == null ? confirmOne(confirmer, reading, m)
                    : writtenSince(m) ? Confirmer.Verdict.writtenMeanwhile(m.check, skip)
                    : Confirmer.Verdict.unconfirmed(m.check.defects(), "seen on one read; " + skip));
            progress.advance(++done);
        }
        return out;
    }

    private Confirmer.Verdict confirmOne(Confirmer confirmer, CheckContext reading, FoundMap m) {
        try {
            Heap.Obj obj = m.obj;
            return confirmer.confirm(m.check, () -> MapInspector.inspect(reading, obj, m.kind, m.type));
        } catch (Heap.ObjectGoneException e) {
            return new Confirmer.Verdict(null, List.of(), "collected meanwhile");
        } catch (RuntimeException e) {
            // One map that cannot be read again costs its confirmation, not the report.
            String why = scan.failed(e);
            return Confirmer.Verdict.unconfirmed(m.check.defects(), "seen on one read; reading it again failed ("
                    + (why != null ? why : e.toString()) + ")");
        }
    }

    /**
     * Whether the map has been written since its read began ({@code modCount} moved): one field read, worth it
     * before reporting damage that was seen once and will not be read again.
     */
    private boolean writtenSince(FoundMap m) {
        if (m.check.modCountBefore() == MapCheck.UNKNOWN) {
            return false;
        }
        try {
            Heap.Obj map = m.check.inner() != null ? m.check.inner() : m.obj;
            Object now = heap.read(map, List.of("modCount")).get("modCount");
            return now instanceof Integer n && n != m.check.modCountBefore();
        } catch (RuntimeException e) {
            return false; // gone, or the target exited: the read stands as it was
        }
    }

    /** Why no map can be read again now, or null when one can. */
    private String notReadAgain(ScanBudget b) {
        String lost = scan.lostReason();
        if (lost != null) {
            return (lost.equals("target-exited") ? "the target exited" : "the heap could no longer be read (" + lost
                    + ")") + " before it was read again";
        }
        String why = stopped;
        if (why != null) {
            return "the scan was " + (why.equals("interrupted") ? "interrupted" : "stopped (" + why + ")")
                    + " before it was read again";
        }
        return b.expired() ? "the scan's time ran out before it was read again" : null;
    }
}
