package io.maprace.heap;

import io.maprace.events.ScannedMap;
import io.maprace.progress.Progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * One scan of a heap, whatever holds it (a live JVM through JDWP, a heap dump): walks from the roots the source
 * gives, checks every non-thread-safe map met, confirms the damage found, and ranks the maps. The source finds the
 * roots and says what the scan cost; everything else is here, so a live scan and a dump scan are the same code.
 *
 * <p>Use: {@link #walkStatics}, then {@link #walkThread} for each thread, optionally {@link #addUnreached} for
 * maps found another way, then {@link #finish} once; {@link #close} frees the reading threads.
 */
public final class HeapScan implements AutoCloseable {

    /** Maps confirmed at most, and for how long: damage is rare, and confirming it must not stretch the scan. */
    private static final int MAX_CONFIRMATIONS = 50;
    private static final Duration CONFIRM_TIME = Duration.ofSeconds(15);
    /** Shared maps whose modCount is read again at the end, to see whether they are written. */
    private static final int REREAD_TOP = 200;
    /** How maps found by a heap walk (not from a root) are named. */
    private static final HeapPath UNREACHED = new HeapPath(null, null, "(not reachable from static or thread fields)", 0);

    /** What a scan found, ranked best first, with what the source needs for its counters and warnings. */
    public record Outcome(List<ScannedMap> ranked, Map<Long, Heap.Obj> handles, int found, int checked,
                          int transients, long objects, String cutBy, long errors, String firstError) {

        /** The map in the heap of a ranked map still held (damaged ones, and the leading ones by rank), or null. */
        public Heap.Obj handle(ScannedMap m) {
            return m.map().instance() == null ? null : handles.get(m.map().instance());
        }
    }

    private final Heap heap;
    private final ScanOptions options;
    private final Progress progress;
    private final ExecutorService pool;
    private final ScanBudget budget;
    private final CheckContext cx;
    private final HeapWalker walker;

    /**
     * @param housekeeping run every 100 000 objects read (the JDI heap frees the target's ids of objects no longer
     *                     needed)
     * @param fatal errors that end the scan (the target went away) rather than skip one object
     */
    public HeapScan(Heap heap, ScanOptions options, Progress progress, Runnable housekeeping,
                    Predicate<RuntimeException> fatal) {
        this.heap = heap;
        this.options = options;
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(Math.max(1, options.parallelism()), r -> {
            Thread t = new Thread(r, "maprace-scan");
            t.setDaemon(true);
            return t;
        });
        this.budget = new ScanBudget(options.limit(), options.timeout());
        this.cx = new CheckContext(heap, budget, options.maxEntriesPerMap(), options.showValues());
        this.walker = new HeapWalker(heap, cx, pool, progress, options.maxDepth(), housekeeping, fatal);
    }

    /** The scan's limits: a source reading its roots stops when they are spent. */
    public ScanBudget budget() {
        return budget;
    }

    /** The threads that read the heap, for a source that reads its roots in parallel. */
    public ExecutorService pool() {
        return pool;
    }

    /** Walks everything reachable from the static roots. */
    public void walkStatics(List<HeapWalker.Root> roots) {
        walker.walkStatics(roots);
    }

    /** Walks what one live thread reaches through its own fields or frames, after the statics. */
    public void walkThread(String threadName, List<HeapWalker.Root> roots) {
        walker.walkThread(threadName, roots);
    }

    /** How many maps of each class the walk reached so far. */
    public Map<String, Long> mapsPerType() {
        Map<String, Long> perType = new HashMap<>();
        for (FoundMap m : walker.maps()) {
            perType.merge(m.type, 1L, Long::sum);
        }
        return perType;
    }

    /** Ids of every object the walk reached. */
    public Set<Long> reachedIds() {
        return walker.reachedIds();
    }

    /** Checks a map found another way than from a root (a heap walk); a map already known is left alone. */
    public void addUnreached(Heap.Obj map) {
        try {
            walker.addUnreached(map, UNREACHED);
        } catch (Heap.ObjectGoneException e) {
            // collected since it was found
        }
    }

    /**
     * Checks one map known by the field that holds it (a map a watch watches), without walking from it.
     *
     * @param path how the report names it; it ends with {@code .field}
     */
    public void addNamed(Heap.Obj map, String owner, String field, String path) {
        String suffix = "." + field;
        HeapPath named = path.equals(owner + suffix) ? HeapPath.ofStatic(owner, field)
                : path.endsWith(suffix) ? new HeapPath(null, null, path.substring(0, path.length() - suffix.length()), 0)
                .field(owner, field)
                : new HeapPath(null, null, path, 0);
        try {
            walker.addUnreached(map, named);
        } catch (Heap.ObjectGoneException e) {
            // collected since it was watched
        }
    }

    /**
     * Confirms the damage found and ranks the maps.
     *
     * @param suspender holds the target still for one read, or null (a heap dump, or when holding is not allowed)
     */
    public Outcome finish(Confirmer.Suspender suspender) {
        String cutBy = budget.cutBy();
        Map<FoundMap, Confirmer.Verdict> verdicts = confirm(walker.maps(), suspender);
        int transients = (int) verdicts.values().stream().filter(v -> !v.damaged()).count();
        Map<Long, Heap.Obj> handles = new HashMap<>();
        for (FoundMap m : walker.maps()) {
            Heap.Obj obj = m.obj;
            if (obj != null) {
                handles.put(m.id, obj);
            }
        }
        List<ScannedMap> ranked = rank(verdicts);
        int checked = 0;
        for (FoundMap m : walker.maps()) {
            checked += m.check != null ? 1 : 0;
        }
        return new Outcome(ranked, Map.copyOf(handles), walker.maps().size(), checked, transients, budget.objects(),
                cutBy, walker.errors(), walker.firstError());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private Map<FoundMap, Confirmer.Verdict> confirm(Collection<FoundMap> maps, Confirmer.Suspender suspender) {
        List<FoundMap> damaged = maps.stream().filter(m -> m.check != null && !m.check.defects().isEmpty()
                && m.obj != null).limit(MAX_CONFIRMATIONS).toList();
        Map<FoundMap, Confirmer.Verdict> out = new HashMap<>();
        if (damaged.isEmpty()) {
            return out;
        }
        progress.phase("confirming " + damaged.size() + " maps that look damaged", damaged.size());
        Confirmer confirmer = new Confirmer(suspender, options.maxPause().toNanos());
        ScanBudget confirmBudget = new ScanBudget(Long.MAX_VALUE, CONFIRM_TIME);
        CheckContext confirming = new CheckContext(heap, confirmBudget, options.maxEntriesPerMap(),
                options.showValues()).confirming();
        int done = 0;
        for (FoundMap m : damaged) {
            if (confirmBudget.expired()) {
                break;
            }
            try {
                Heap.Obj obj = m.obj;
                out.put(m, confirmer.confirm(m.check, () -> MapInspector.inspect(confirming, obj, m.kind, m.type)));
            } catch (Heap.ObjectGoneException e) {
                out.put(m, new Confirmer.Verdict(null, List.of(), "collected meanwhile"));
            }
            progress.advance(++done);
        }
        return out;
    }

    private List<ScannedMap> rank(Map<FoundMap, Confirmer.Verdict> verdicts) {
        // Each map with its entry: a million maps are ranked here, so no second map by id and no second sort
        // unless a re-read changed a score.
        record Entry(FoundMap found, ScannedMap scanned) {
        }
        List<Entry> out = new ArrayList<>(walker.maps().size());
        for (FoundMap m : walker.maps()) {
            out.add(new Entry(m, Ranking.scanned(m, verdicts.get(m), -1, 0)));
        }
        out.sort(Comparator.comparingDouble((Entry e) -> e.scanned().score()).reversed());
        // Which of the leading shared maps are being written: read modCount again (one request each).
        List<ScannedMap> result = new ArrayList<>(out.size());
        boolean rescored = false;
        int reread = 0;
        for (Entry e : out) {
            ScannedMap s = e.scanned();
            FoundMap m = e.found();
            Heap.Obj obj = m.obj;
            if (s.shared() && reread < REREAD_TOP && m.check != null && obj != null) {
                reread++;
                try {
                    int now = ModCount.read(heap, obj, m.kind);
                    long millis = (System.nanoTime() - m.checkedAt) / 1_000_000;
                    ScannedMap again = Ranking.scanned(m, verdicts.get(m), now - m.check.modCountBefore(), millis);
                    rescored |= Double.compare(again.score(), s.score()) != 0;
                    result.add(again);
                    continue;
                } catch (Heap.ObjectGoneException ex) {
                    // collected: keep it as it was
                }
            }
            result.add(s);
        }
        if (rescored) {
            result.sort(Comparator.comparingDouble(ScannedMap::score).reversed());
        }
        return result;
    }
}
