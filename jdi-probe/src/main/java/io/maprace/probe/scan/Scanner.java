package io.maprace.probe.scan;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VMDisconnectedException;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.findings.Warning;
import io.maprace.probe.Progress;
import io.maprace.probe.target.AttachedVm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code maprace scan}: finds the non-thread-safe maps of a live target by walking from its static fields and its
 * threads' fields, checks each one's internals, confirms the damage it finds, and ranks the maps. Only reads: no
 * code runs in the target, and its threads are held only to confirm damage on a map that is being written (at
 * most {@link ScanOptions#maxPause()} each time) or during a heap walk the user asked for.
 */
public final class Scanner {

    /** Maps confirmed at most, and for how long: damage is rare, and confirming it must not stretch the scan. */
    private static final int MAX_CONFIRMATIONS = 50;
    private static final Duration CONFIRM_TIME = Duration.ofSeconds(15);
    /** Shared maps whose modCount is read again at the end, to see whether they are written. */
    private static final int REREAD_TOP = 200;

    private final AttachedVm session;
    private final ScanOptions options;
    private final Progress progress;

    private Scanner(AttachedVm session, ScanOptions options, Progress progress) {
        this.session = session;
        this.options = options;
        this.progress = progress;
    }

    /**
     * @throws io.maprace.error.MapraceException TARGET_EXITED when the target goes away meanwhile
     */
    public static ScanResult scan(AttachedVm session, ScanOptions options, Progress progress) {
        try {
            return new Scanner(session, options, progress).run();
        } catch (VMDisconnectedException e) {
            throw session.lost(e);
        }
    }

    private ScanResult run() {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallelism()), r -> {
            Thread t = new Thread(r, "maprace-scan");
            t.setDaemon(true);
            return t;
        });
        PauseMeter meter = new PauseMeter(session::perfData);
        try {
            JdiHeap heap = new JdiHeap(session.vm());
            ScanBudget budget = new ScanBudget(options.limit(), options.timeout());
            CheckContext cx = new CheckContext(heap, budget, options.maxEntriesPerMap(), options.showValues());
            List<Warning> warnings = new ArrayList<>();
            for (String w : session.warnings()) {
                warnings.add(new Warning("jdwp-exposed", w));
            }

            progress.phase("reading the static fields of loaded classes", -1);
            JdiRoots.Statics statics = JdiRoots.statics(session.vm(), pool, budget);
            HeapWalker walker = new HeapWalker(heap, cx, pool, progress, options.maxDepth(), JdiHeap::releaseMirrors);
            progress.phase("walking from " + statics.roots().size() + " static fields of " + statics.classes()
                    + " classes", options.limit());
            walker.walkStatics(statics.roots());
            List<JdiRoots.ThreadRoots> threads = budget.expired() ? List.of() : JdiRoots.threads(session.vm(), heap);
            if (!threads.isEmpty()) {
                progress.phase("walking from the fields of " + threads.size() + " threads", options.limit());
                for (JdiRoots.ThreadRoots t : threads) {
                    if (budget.expired()) {
                        break;
                    }
                    walker.walkThread(t.name(), t.roots());
                }
            }
            String cutBy = budget.cutBy();
            double heapWalkPause = 0;
            if (options.heapWalk()) {
                heapWalkPause = heapWalk(walker, warnings);
            }

            Map<FoundMap, Confirmer.Verdict> verdicts = confirm(walker.maps(), heap);
            int transients = (int) verdicts.values().stream().filter(v -> !v.damaged()).count();

            List<ScannedMap> ranked = rank(walker, verdicts, heap);
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (cutBy != null) {
                warnings.add(cutBy.equals("timeout")
                        ? new Warning("time-budget-exceeded", "the scan stopped at --timeout "
                        + options.timeout().toSeconds() + " s after reading " + budget.objects() + " objects: maps "
                        + "further from the static fields were not checked — raise --timeout for a complete scan")
                        : new Warning("limit-reached", "the scan stopped at --limit " + options.limit()
                        + " objects: maps further from the static fields were not checked — raise --limit for a "
                        + "complete scan"));
            }
            if (walker.errors() > 0) {
                warnings.add(new Warning("read-errors", walker.errors() + " objects could not be read and were "
                        + "skipped (first: " + walker.firstError() + ")"));
            }
            double longestPause = Math.max(session.longestPauseMillis(), heapWalkPause);
            int checked = (int) walker.maps().stream().filter(m -> m.check != null).count();
            meter.close();
            ScanStats stats = new ScanStats(statics.classes(), statics.fields(), threads.size(), budget.objects(),
                    walker.maps().size(), checked, (int) ranked.stream().filter(ScannedMap::corrupted).count(),
                    transients, heap.requests(), elapsed, longestPause, session.pauses(), meter.safepointMillis(),
                    meter.safepoints(), meter.longestSafepointMillis(), cutBy, options.heapWalk(), walker.errors());
            return new ScanResult(session.label(), start, Instant.now(), ranked, stats, warnings);
        } finally {
            meter.close();
            pool.shutdownNow();
        }
    }

    private double heapWalk(HeapWalker walker, List<Warning> warnings) {
        progress.note(HeapWalkProbe.costNote(session.perfData()));
        Map<String, Long> perType = new HashMap<>();
        for (FoundMap m : walker.maps()) {
            perType.merge(m.type, 1L, Long::sum);
        }
        HeapWalkProbe.Result r = HeapWalkProbe.run(session.vm(), perType, walker.reachedIds(), 100_000, progress);
        HeapPath unreached = new HeapPath(null, null, "(not reachable from static or thread fields)", 0);
        for (ObjectReference o : r.unreached()) {
            try {
                walker.addUnreached(JdiHeap.wrap(o), unreached);
            } catch (Heap.ObjectGoneException e) {
                // collected since the heap walk
            }
        }
        warnings.add(new Warning("heap-walk", String.format("the heap walk found %d map instances; %d were not "
                + "reachable from static or thread fields and were checked too; it paused the target %d times, "
                + "the longest %.0f ms", r.total(), r.unreached().size(), r.walks(), r.longestPauseMillis())));
        return r.longestPauseMillis();
    }

    private Map<FoundMap, Confirmer.Verdict> confirm(java.util.Collection<FoundMap> maps, Heap heap) {
        List<FoundMap> damaged = maps.stream().filter(m -> m.check != null && !m.check.defects().isEmpty()
                && m.obj != null).limit(MAX_CONFIRMATIONS).toList();
        Map<FoundMap, Confirmer.Verdict> out = new HashMap<>();
        if (damaged.isEmpty()) {
            return out;
        }
        progress.phase("confirming " + damaged.size() + " maps that look damaged", damaged.size());
        Confirmer confirmer = new Confirmer(options.maxPause().isZero() ? null
                : new JdiSuspender(session, options.maxPause()), options.maxPause().toNanos());
        ScanBudget budget = new ScanBudget(Long.MAX_VALUE, CONFIRM_TIME);
        CheckContext cx = new CheckContext(heap, budget, options.maxEntriesPerMap(), options.showValues()).confirming();
        int done = 0;
        for (FoundMap m : damaged) {
            if (budget.expired()) {
                break;
            }
            try {
                Heap.Obj obj = m.obj;
                out.put(m, confirmer.confirm(m.check, () -> MapInspector.inspect(cx, obj, m.kind, m.type)));
            } catch (Heap.ObjectGoneException e) {
                out.put(m, new Confirmer.Verdict(null, List.of(), "collected meanwhile"));
            }
            progress.advance(++done);
        }
        return out;
    }

    private List<ScannedMap> rank(HeapWalker walker, Map<FoundMap, Confirmer.Verdict> verdicts, Heap heap) {
        List<ScannedMap> out = new ArrayList<>();
        for (FoundMap m : walker.maps()) {
            Confirmer.Verdict v = verdicts.get(m);
            out.add(scanned(m, v, -1, 0));
        }
        out.sort(Comparator.comparingDouble(ScannedMap::score).reversed());
        // Which of the leading shared maps are being written: read modCount again (one request each).
        List<ScannedMap> result = new ArrayList<>(out.size());
        Map<Long, FoundMap> byId = new HashMap<>();
        for (FoundMap m : walker.maps()) {
            byId.put(m.id, m);
        }
        int reread = 0;
        for (ScannedMap s : out) {
            FoundMap m = byId.get(s.map().instance());
            Heap.Obj obj = m.obj;
            if (s.shared() && reread < REREAD_TOP && m.check != null && obj != null) {
                reread++;
                try {
                    int now = ModCount.read(heap, obj, m.kind);
                    long millis = (System.nanoTime() - m.checkedAt) / 1_000_000;
                    result.add(scanned(m, verdicts.get(m), now - m.check.modCountBefore(), millis));
                    continue;
                } catch (Heap.ObjectGoneException e) {
                    // collected: keep it as it was
                }
            }
            result.add(s);
        }
        result.sort(Comparator.comparingDouble(ScannedMap::score).reversed());
        return result;
    }

    private ScannedMap scanned(FoundMap m, Confirmer.Verdict v, int writes, long writesMillis) {
        MapCheck c = m.check;
        boolean guarded = m.guard != FoundMap.Guard.NONE;
        boolean shared = !guarded && !m.jdkHeld && (m.reach == HeapWalker.STATIC || m.reach == HeapWalker.MULTI);
        int size = c == null ? 0 : c.size();
        boolean accessOrder = c != null && c.accessOrder();
        double score = (m.reach == HeapWalker.STATIC ? 3 : m.reach == HeapWalker.MULTI ? 2.5 : 0.5)
                + Math.log10(1 + Math.max(0, size))
                + (writes > 0 ? 2 : 0)
                + (accessOrder ? 1 : 0)
                + (m.kind == MapKind.WEAK_HASH_MAP ? 0.5 : 0)
                - (guarded ? 5 : 0)
                - (m.wrapped ? 2 : 0)
                - (m.jdkHeld ? 5 : 0)
                + (v != null && v.damaged() ? 100 : 0);
        HeapPath holder = m.path.lastField();
        MapRef ref = new MapRef(m.type, holder == null ? null : holder.owner(), holder == null ? null : holder.name(),
                m.path.render(), m.id);
        List<Evidence.Corruption> defects = v == null || !v.damaged() ? List.of()
                : v.defects().stream().map(d -> new Evidence.Corruption(d.check(), d.detail())).toList();
        List<String> threads;
        synchronized (m.threads) {
            threads = List.copyOf(m.threads);
        }
        Heap.Obj obj = m.obj;
        return new ScannedMap(obj == null ? null : JdiHeap.unwrap(obj), ref, m.path.root().render(), m.kind, score, size, accessOrder,
                shared, threads, guarded, m.wrapped, writes, writesMillis, v == null ? null : v.severity(), defects,
                v == null ? null : v.how());
    }
}
