package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.findings.Numbers;
import io.maprace.findings.DumpScanStats;
import io.maprace.findings.Severity;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.heap.Defect;
import io.maprace.heap.Heap;
import io.maprace.heap.HeapScan;
import io.maprace.heap.ScanOptions;
import io.maprace.heapdump.hprof.HprofDump;
import io.maprace.progress.Progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code maprace scan FILE.hprof}: the live scan's walk, checks and ranking ({@link HeapScan}) over a heap dump.
 * Roots are the dump's: static fields first, then JNI globals, then each thread's fields and frames. Damage seen in
 * a dump is proven at once: nothing was being written while it was read.
 */
public final class DumpScanner {

    /** How a damaged map found in a dump is known to be damaged. */
    static final String HOW = "read from a heap dump, where nothing is being written, so the damage is not a write "
            + "in progress";

    /**
     * heap-model's WeakHashMapChecker check for entries cleared but never enqueued. {@code GC.heap_dump} runs a full
     * GC and writes the heap at the same safepoint, before the reference handler can enqueue what that GC cleared:
     * in a dump only entries off the pending list ({@link PendingWeakEntries}) are damage.
     */
    static final String NOT_ENQUEUED = "stale-entry-not-enqueued";

    /**
     * Maps reported in full at most, besides the damaged ones: the others are counted per group for the report
     * (which shows a group by its leading map), so a dump of millions of maps does not hold a report entry for each.
     */
    static final int KEPT_MAPS = 10_000;

    private DumpScanner() {
    }

    /**
     * The map as a dump shows it: damage proven at once, less what the dump's own GC left; named by its address, as
     * other dump tools (Eclipse MAT, VisualVM) show it.
     */
    /**
     * What a write caught half done can look like: counts that differ by the entry being added or removed, an
     * order list or a tree bin being relinked. A bin that loops, an entry in two bins or in the wrong bucket, a
     * negative size are no step of any write: they stand even in a map being written.
     */
    private static final java.util.Set<String> HALF_A_WRITE = java.util.Set.of(Defect.SIZE_MISMATCH, "order-cycle",
            "order-broken", "order-tail", "order-orphan", "order-missing", "stale-entry-leaked");

    /** The start of the confirmation of a damage {@link #writtenAtDump} made a candidate. */
    static final String WRITTEN_AT_DUMP = "not confirmed: a thread was inside a write to this map when the dump was "
            + "taken";

    /**
     * A damaged map a thread was writing when the dump was taken keeps its damage as a candidate only, unless some
     * of it is no step of any write: a defect of another kind, or a count further from the table than the writes
     * in progress can put it (a write of one entry moves the count and the table one entry apart at most).
     */
    static ScannedMap writtenAtDump(ScannedMap m, DumpRoots.Writing writing) {
        if (!m.corrupted() || m.damage() == Severity.CANDIDATE || writing == null || m.defects().stream()
                .anyMatch(d -> !HALF_A_WRITE.contains(d.check()) && !d.check().startsWith("tree-"))) {
            return m;
        }
        boolean sizeMismatch = m.defects().stream().anyMatch(d -> d.check().equals(Defect.SIZE_MISMATCH));
        if (sizeMismatch && m.complete() && m.size() >= 0
                && Math.abs((long) m.size() - m.entriesRead()) > writing.mostEntriesAstray()) {
            return m;
        }
        return new ScannedMap(m.map(), m.root(), m.kind(), m.score(), m.size(), m.accessOrder(), m.shared(),
                m.threads(), m.guarded(), m.wrapped(), m.writes(), m.writesMillis(), Severity.CANDIDATE, m.defects(),
                WRITTEN_AT_DUMP + " (at " + writing.frame() + "); what looks damaged may be that write half done",
                m.entriesRead(), m.complete());
    }

    /** Whether the map's damage is only a candidate because a thread was writing it when the dump was taken. */
    static boolean halfAWrite(ScannedMap m) {
        return m.damage() == Severity.CANDIDATE && m.confirmation() != null
                && m.confirmation().startsWith(WRITTEN_AT_DUMP);
    }

    private static ScannedMap inDump(ScannedMap m, Heap.Obj handle, DumpHeap heap, int[] weakCleared) {
        if (m.map().instance() == null && !m.corrupted()) {
            return m; // as read: most maps of a large dump (only the leading ones keep their handle)
        }
        MapRef ref = m.map().instance() == null ? m.map() : new MapRef(m.map().type(), m.map().owner(),
                m.map().field(), m.map().path(), heap.address(m.map().instance()));
        List<Evidence.Corruption> defects = m.defects();
        if (m.corrupted()) {
            // more than the pending list's one ambiguous last reference: entries lost before the dump
            boolean lost = handle != null && defects.stream().anyMatch(d -> d.check().equals(NOT_ENQUEUED))
                    && PendingWeakEntries.lost(heap, handle) > 1;
            defects = defects.stream().filter(d -> lost || !d.check().equals(NOT_ENQUEUED)).toList();
            if (defects.isEmpty()) {
                weakCleared[0]++;
                return new ScannedMap(ref, m.root(), m.kind(), m.score() - 100, m.size(), m.accessOrder(),
                        m.shared(), m.threads(), m.guarded(), m.wrapped(), m.writes(), m.writesMillis(), null,
                        List.of(), null, m.entriesRead(), m.complete());
            }
        }
        return new ScannedMap(ref, m.root(), m.kind(), m.score(), m.size(), m.accessOrder(), m.shared(),
                m.threads(), m.guarded(), m.wrapped(), m.writes(), m.writesMillis(), m.damage(), defects,
                m.corrupted() && m.damage() != Severity.CANDIDATE ? HOW : m.confirmation(),
                m.entriesRead(), m.complete());
    }


    /**
     * @param source    how the report names the dump
     * @param indexMillis how long opening and indexing the dump took, for the stats
     */
    public static DumpScanResult scan(HprofDump dump, String source, ScanOptions options, Progress progress,
                                      long indexMillis) {
        return scan(dump, source, options, progress, indexMillis, KEPT_MAPS);
    }

    /** @param kept maps reported in full at most, besides the damaged ones (see {@link #KEPT_MAPS}) */
    static DumpScanResult scan(HprofDump dump, String source, ScanOptions options, Progress progress,
                               long indexMillis, int kept) {
        return scan(dump, source, options, progress, indexMillis, kept, new DumpHeap(dump));
    }

    /** @param heap the dump as the checks read it (a test reads every map field by field, to compare) */
    static DumpScanResult scan(HprofDump dump, String source, ScanOptions options, Progress progress,
                               long indexMillis, int kept, DumpHeap heap) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        try (HeapScan scan = new HeapScan(heap, options, progress, () -> { }, e -> null)) {
            progress.phase("reading the static fields of " + dump.classes().size() + " classes", -1);
            DumpRoots.Statics statics = DumpRoots.statics(dump, heap);
            progress.phase("walking from " + statics.roots().size() + " static fields", -1);
            scan.walkStatics(statics.roots());
            scan.walkStatics(DumpRoots.jniGlobals(dump, heap));
            List<DumpRoots.ThreadRoots> threads = DumpRoots.threads(dump, heap);
            progress.phase("walking from " + threads.size() + " threads' fields and frames", -1);
            for (DumpRoots.ThreadRoots t : threads) {
                if (scan.budget().expired()) {
                    break;
                }
                scan.walkThread(t.name(), t.roots());
            }
            HeapScan.Outcome outcome = scan.finish(null, kept);
            List<ScannedMap> ranked = new ArrayList<>(outcome.ranked().size());
            int[] weakCleared = {0};
            Map<Long, DumpRoots.Writing> writing = DumpRoots.writingAtDump(dump);
            for (ScannedMap m : outcome.ranked()) {
                Heap.Obj handle = outcome.handle(m);
                ScannedMap seen = inDump(m, handle, heap, weakCleared);
                ranked.add(handle == null ? seen : writtenAtDump(seen, writing.get(heap.address(handle.id()))));
            }
            if (outcome.counted() != null) {
                // healthy maps, each the best of its group among the maps not kept in full
                outcome.counted().replaceBests(m -> inDump(m, null, heap, weakCleared));
            }
            if (weakCleared[0] > 0) {
                // the only change of score here; otherwise the scan's order stands
                ranked.sort(java.util.Comparator.comparingDouble(ScannedMap::score).reversed());
            }
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            List<Warning> warnings = new ArrayList<>();
            if (outcome.cutBy() != null) {
                warnings.add(outcome.cutBy().equals("timeout")
                        ? new Warning(WarningCode.TIME_BUDGET_EXCEEDED, "the dump scan stopped at --timeout "
                        + Numbers.duration(options.timeout()) + " after reading " + outcome.objects()
                        + " objects: maps further from the roots were not checked — raise --timeout for a complete"
                        + " scan")
                        : new Warning(WarningCode.LIMIT_REACHED, "the dump scan stopped at --limit " + options.limit()
                        + " objects — raise --limit for a complete scan"));
            }
            if (outcome.errors() > 0) {
                warnings.add(new Warning(WarningCode.READ_ERRORS, outcome.errors() + " objects of the dump could not be read "
                        + "and were skipped (first: " + outcome.firstError() + "): the report covers the rest"));
            }
            if (weakCleared[0] > 0) {
                warnings.add(new Warning(WarningCode.DUMP_WEAK_ENTRIES, weakCleared[0] + " WeakHashMaps hold entries whose keys "
                        + "were cleared but not yet enqueued, all on the pending list of the GC the dump itself ran: "
                        + "not damage"));
            }
            warnings.add(new Warning(WarningCode.DUMP_NO_METHODS, "a heap dump holds no methods: maps guarded by a holder "
                    + "whose methods are all synchronized are not recognized as guarded"));
            DumpScanStats stats = DumpScanStats.scanned(statics.classes(), statics.fields(), threads.size(),
                    outcome.objects(), outcome.found(), outcome.checked(),
                    ranked.stream().filter(ScannedMap::corrupted).count(), elapsed, outcome.cutBy(), outcome.errors(),
                    heap.dangling(), dump.fileSize(), dump.objectCount(), dump.idSize(), indexMillis,
                    dump.indexFootprint());
            return new DumpScanResult(source, start, Instant.now(), ranked, outcome.counted(), stats, warnings);
        }
    }
}
