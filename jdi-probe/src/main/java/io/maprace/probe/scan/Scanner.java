package io.maprace.probe.scan;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.events.ScannedMap;
import io.maprace.findings.ScanStats;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.heap.HeapScan;
import io.maprace.heap.ScanOptions;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code maprace scan}: finds the non-thread-safe maps of a live target by walking from its static fields and its
 * threads' fields, checks each one's internals, confirms the damage it finds, and ranks the maps. Only reads: no
 * code runs in the target, and its threads are held only to confirm damage on a map that is being written (at
 * most {@link ScanOptions#maxPause()} each time) or during a heap walk the user asked for.
 */
public final class Scanner {

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final ScanOptions options;
    private final Progress progress;

    private Scanner(AttachedVm session, VirtualMachine vm, ScanOptions options, Progress progress) {
        this.session = session;
        this.vm = vm;
        this.options = options;
        this.progress = progress;
    }

    /**
     * @throws io.maprace.error.MapraceException TARGET_EXITED when the target goes away meanwhile
     */
    public static ScanResult scan(AttachedVm session, VirtualMachine vm, ScanOptions options, Progress progress) {
        try {
            return new Scanner(session, vm, options, progress).run();
        } catch (VMDisconnectedException e) {
            throw session.lost(e);
        }
    }

    private ScanResult run() {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        PauseMeter meter = new PauseMeter(session::perfData);
        JdiHeap heap = new JdiHeap(vm);
        try (HeapScan scan = new HeapScan(heap, options, progress, JdiHeap::releaseMirrors,
                e -> e instanceof VMDisconnectedException)) {
            List<Warning> warnings = new ArrayList<>();
            for (String w : session.warnings()) {
                warnings.add(new Warning(WarningCode.JDWP_EXPOSED, w));
            }

            progress.phase("reading the static fields of loaded classes", -1);
            JdiRoots.Statics statics = JdiRoots.statics(vm, scan.pool(), scan.budget());
            progress.phase("walking from " + statics.roots().size() + " static fields of " + statics.classes()
                    + " classes", options.limit());
            scan.walkStatics(statics.roots());
            List<JdiRoots.ThreadRoots> threads = scan.budget().expired() ? List.of()
                    : JdiRoots.threads(vm, heap);
            if (!threads.isEmpty()) {
                progress.phase("walking from the fields of " + threads.size() + " threads", options.limit());
                for (JdiRoots.ThreadRoots t : threads) {
                    if (scan.budget().expired()) {
                        break;
                    }
                    scan.walkThread(t.name(), t.roots());
                }
            }
            double heapWalkPause = 0;
            if (options.heapWalk()) {
                heapWalkPause = heapWalk(scan, warnings);
            }
            HeapScan.Outcome outcome = scan.finish(options.maxPause().isZero() ? null
                    : new JdiSuspender(session, vm, options.maxPause()));
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            String cutBy = outcome.cutBy();
            if (cutBy != null) {
                warnings.add(cutBy.equals("timeout")
                        ? new Warning(WarningCode.TIME_BUDGET_EXCEEDED, "the scan stopped at --timeout "
                        + options.timeout().toSeconds() + " s after reading " + outcome.objects() + " objects: maps "
                        + "further from the static fields were not checked — raise --timeout for a complete scan")
                        : new Warning(WarningCode.LIMIT_REACHED, "the scan stopped at --limit " + options.limit()
                        + " objects: maps further from the static fields were not checked — raise --limit for a "
                        + "complete scan"));
            }
            if (outcome.errors() > 0) {
                warnings.add(new Warning(WarningCode.READ_ERRORS, outcome.errors() + " objects could not be read and were "
                        + "skipped (first: " + outcome.firstError() + ")"));
            }
            double longestPause = Math.max(session.longestPauseMillis(), heapWalkPause);
            meter.close();
            List<ScannedMap> ranked = outcome.ranked();
            ScanStats stats = ScanStats.measured(statics.classes(), statics.fields(), threads.size(), outcome.objects(),
                    outcome.found(), outcome.checked(), (int) ranked.stream().filter(ScannedMap::corrupted).count(),
                    outcome.transients(), heap.requests(), elapsed, longestPause, session.pauses(),
                    meter.safepointMillis(), meter.safepoints(), meter.longestSafepointMillis(), cutBy,
                    options.heapWalk(), outcome.errors());
            Map<Long, ObjectReference> handles = new HashMap<>();
            outcome.handles().forEach((id, obj) -> handles.put(id, JdiObj.unwrap(obj)));
            return new ScanResult(session.label(), start, Instant.now(), ranked, stats, warnings, handles);
        } finally {
            meter.close();
        }
    }

    private double heapWalk(HeapScan scan, List<Warning> warnings) {
        progress.note(HeapWalkProbe.costNote(session.perfData()));
        HeapWalkProbe.Result r = HeapWalkProbe.run(vm, scan.mapsPerType(), scan.reachedIds(), 100_000,
                progress);
        for (ObjectReference o : r.unreached()) {
            scan.addUnreached(JdiObj.wrap(o));
        }
        warnings.add(new Warning(WarningCode.HEAP_WALK, String.format("the heap walk found %d map instances; %d were not "
                + "reachable from static or thread fields and were checked too; it paused the target %d times, "
                + "the longest %.0f ms", r.total(), r.unreached().size(), r.walks(), r.longestPauseMillis())));
        return r.longestPauseMillis();
    }
}
