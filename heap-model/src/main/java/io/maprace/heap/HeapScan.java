package io.maprace.heap;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Severity;
import io.maprace.progress.Progress;
import io.maprace.rules.SharedGroups;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One scan of a heap, whatever holds it (a live JVM through JDWP, a heap dump): walks from the roots the source
 * gives, checks every non-thread-safe map met, confirms the damage found, and ranks the maps. The source finds the
 * roots and says what the scan cost; everything else is here, so a live scan and a dump scan are the same code.
 *
 * <p>Use: {@link #walkStatics}, then {@link #walkThread} for each thread, optionally {@link #addUnreached} for
 * maps found another way, then {@link #finish} once; {@link #close} frees the reading threads.
 *
 * <p>Whatever ends it early (its deadline, {@link #stop} from another thread, a heap that can no longer be read
 * because the target exited), {@link #finish} still gives what was read: damage seen once that could not be
 * read again is kept as a candidate, and the outcome says where the walk stopped and why.
 */
public final class HeapScan implements AutoCloseable {

    /** The end of a scan (re-reading modCount of the leading maps) takes at most this share of its time... */
    private static final int END_SHARE = 10;
    /** ...and at most this long. */
    private static final Duration END_TIME = Duration.ofSeconds(1);
    /** Confirming damage takes at most this share of the scan's time (and at most {@link Confirmations#MAX_TIME}). */
    private static final int CONFIRM_SHARE = 4;
    /** How maps found by a heap walk (not from a root) are named. */
    private static final HeapPath UNREACHED = new HeapPath(null, null, "(not reachable from static or thread fields)", 0);

    /**
     * What a scan found, ranked best first, with what the source needs for its counters and warnings.
     *
     * @param cutBy why the walk stopped early ({@code limit}, {@code timeout}, a reason given to {@link #stop} or
     *              {@link #lost}), or null when it was complete
     * @param cutDuring what it was doing then: {@code statics}, {@code threads}, {@code heap-walk},
     *                  {@code confirming}; null when not cut
     * @param lost why the heap could no longer be read ({@link #lost}), or null
     * @param partlyRead maps whose check stopped before it had read every entry
     * @param unconfirmed maps that looked damaged once and could not be read again (kept as candidates)
     * @param counted the maps left out of {@code ranked} (beyond the number kept, see {@link #finish(Confirmer.Suspender,
     *                int)}), counted per group of shared maps for the report; null when every map is in it
     */
    public record Outcome(List<ScannedMap> ranked, Map<Long, Heap.Obj> handles, int found, int checked,
                          int transients, long objects, String cutBy, long errors, String firstError,
                          String cutDuring, String lost, int partlyRead, int unconfirmed, SharedGroups counted) {

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
    private final Function<RuntimeException, String> lostBecause;
    /** What the scan is doing, for the report when it is cut. */
    private volatile String phase = "statics";
    /** Why the heap can no longer be read, or null. */
    private volatile String lost;
    /** Why {@link #stop} was called, or null. */
    private volatile String stopped;
    /** The confirmations running now, so that {@link #stop} ends them too. */
    private volatile Confirmations confirming;

    /**
     * @param housekeeping run every 100 000 objects read (the JDI heap frees the target's ids of objects no longer
     *                     needed)
     * @param lostBecause for an error that means the heap can no longer be read (the target went away), why
     *                    ({@code target-exited}...); null for an error about one object, which is skipped
     */
    public HeapScan(Heap heap, ScanOptions options, Progress progress, Runnable housekeeping,
                    Function<RuntimeException, String> lostBecause) {
        this.heap = heap;
        this.options = options;
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(Math.max(1, options.parallelism()), r -> {
            Thread t = new Thread(r, "maprace-scan");
            t.setDaemon(true);
            // A task's error reaches the walk through its future. One outside a task is the pool's own: out of
            // memory, the default handler's stack trace fails too, and the JVM prints a line of its own; the main
            // thread meets the same lack of memory and ends the command with its one line and exit code.
            t.setUncaughtExceptionHandler((thread, e) -> {
                if (!(e instanceof VirtualMachineError)) {
                    System.err.println("maprace: " + thread.getName() + ": " + e);
                }
            });
            return t;
        });
        Duration confirmReserve = min(options.timeout().dividedBy(CONFIRM_SHARE), Confirmations.MAX_TIME);
        this.budget = new ScanBudget(options.limit(), options.timeout(), endReserve(), confirmReserve);
        this.lostBecause = lostBecause;
        this.cx = new CheckContext(heap, budget, options.maxEntriesPerMap(), options.showValues())
                .whenGone(this::gone);
        this.walker = new HeapWalker(heap, cx, pool, progress, options.maxDepth(), housekeeping,
                e -> lostBecause.apply(e) != null);
    }

    /** Time kept for the end of the scan (re-reading the leading maps' modCount). */
    private Duration endReserve() {
        return min(options.timeout().dividedBy(END_SHARE), END_TIME);
    }

    /** Whether {@code e} means the heap can no longer be read; if so the scan is {@link #lost} from now on. */
    private boolean gone(RuntimeException e) {
        String why = lostBecause.apply(e);
        if (why != null) {
            lost(why);
        }
        return why != null;
    }

    /** Why the heap can no longer be read, or null. */
    String lostReason() {
        return lost;
    }

    /**
     * An error met while reading one map: when it means the heap is gone, the scan is {@link #lost}; else it is
     * counted. Returns why the heap is gone, or null.
     */
    String failed(RuntimeException e) {
        String why = lostBecause.apply(e);
        if (why != null) {
            lost(why);
        } else {
            walker.countError(e);
        }
        return why;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Ends the scan early from any thread ({@code interrupted}): the walk stops at its next read, confirmations
     * stop, and {@link #finish} reports what was read.
     */
    public void stop(String why) {
        stopped = why;
        budget.stop(why);
        Confirmations c = confirming;
        if (c != null) {
            c.stop(why);
        }
    }

    /** The heap can no longer be read ({@code target-exited}): nothing more is read, {@link #finish} reports. */
    public void lost(String why) {
        lost = why;
        stop(why);
    }

    /**
     * A root the source could not read (a class whose fields the target would not give): counted with the
     * objects that could not be read, unless it means the heap is gone, which ends the scan.
     */
    public void unreadable(RuntimeException e) {
        failed(e);
    }

    /** Whether the heap can no longer be read. */
    public boolean isLost() {
        return lost != null;
    }

    /** Runs one step of the walk; an error that means the heap is gone ends the scan instead of escaping. */
    private void walk(String name, Runnable step) {
        if (lost != null) {
            return;
        }
        if (!budget.expired()) {
            phase = name;
        }
        try {
            step.run();
        } catch (RuntimeException e) {
            String why = lostBecause.apply(e);
            if (why == null) {
                throw e;
            }
            lost(why);
        }
    }

    /** From now on the walk keeps the pace of {@code p} (a scan within a CPU budget). */
    public void pace(Pacer p) {
        budget.pace(p);
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
        walk("statics", () -> walker.walkStatics(roots));
    }

    /** Walks what one live thread reaches through its own fields or frames, after the statics. */
    public void walkThread(String threadName, List<HeapWalker.Root> roots) {
        walk("threads", () -> walker.walkThread(threadName, roots));
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
        add(map, UNREACHED, "heap-walk");
    }

    private void add(Heap.Obj map, HeapPath path, String name) {
        walk(name, () -> {
            try {
                walker.addUnreached(map, path);
            } catch (Heap.ObjectGoneException e) {
                // collected since it was found
            } catch (RuntimeException e) {
                if (lostBecause.apply(e) != null) {
                    throw e;
                }
                walker.countError(e);
            }
        });
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
        add(map, named, "statics");
    }

    /**
     * Confirms the damage found and ranks the maps.
     *
     * @param suspender holds the target still for one read, or null (a heap dump, or when holding is not allowed)
     */
    public Outcome finish(Confirmer.Suspender suspender) {
        return finish(suspender, Integer.MAX_VALUE);
    }

    /**
     * Confirms the damage found and ranks the maps, keeping full detail for the {@code keep} leading ones and the
     * damaged ones; the others are counted per group of shared maps ({@link Outcome#counted}).
     */
    public Outcome finish(Confirmer.Suspender suspender, int keep) {
        String walkCut = budget.cutBy();
        String walkPhase = phase;
        phase = "confirming";
        Confirmations confirmations = new Confirmations(this, heap, options, progress);
        confirming = confirmations;
        if (stopped != null) {
            confirmations.stop(stopped);
        }
        // one pass over the maps for what is counted of each and the ones to read again (a million maps: each pass
        // is a cache miss per map)
        Map<Long, Heap.Obj> handles = new HashMap<>();
        List<FoundMap> damaged = new ArrayList<>();
        int checked = 0;
        int partly = 0;
        for (FoundMap m : walker.maps()) {
            Heap.Obj obj = m.obj;
            if (obj != null) {
                handles.put(m.id, obj);
            }
            MapCheck c = m.check;
            checked += c != null ? 1 : 0;
            partly += c != null && !c.complete() ? 1 : 0;
            if (c != null && !c.defects().isEmpty() && obj != null) {
                damaged.add(m);
            }
        }
        Map<FoundMap, Confirmer.Verdict> verdicts = confirmations.run(damaged, suspender,
                budget.remaining().minus(endReserve()));
        confirming = null;
        int transients = (int) verdicts.values().stream().filter(v -> !v.damaged()).count();
        int unconfirmed = (int) verdicts.values().stream().filter(v -> v.severity() == Severity.CANDIDATE).count();
        Ranking.Ranked ranked = Ranking.rank(walker.maps(), verdicts, heap,
                () -> lost == null && stopped == null && !budget.pastDeadline(), this::failed, keep);
        // Cut during the walk: that is where it stopped; else only the end was cut (the target exited meanwhile).
        String cutBy = budget.cutBy();
        String cutDuring = walkCut != null ? walkPhase : cutBy != null ? "confirming" : null;
        return new Outcome(ranked.kept(), Map.copyOf(handles), walker.maps().size(), checked, transients, budget.objects(),
                cutBy, walker.errors(), walker.firstError(), cutDuring, lost, partly, unconfirmed, ranked.counted());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
