package io.maprace.probe.scan;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.events.ScannedMap;
import io.maprace.findings.Numbers;
import io.maprace.findings.ScanStats;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.heap.HeapScan;
import io.maprace.heap.Pacer;
import io.maprace.heap.ScanOptions;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AgentCpu;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.ToolCpu;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;

/**
 * {@code maprace scan}: finds the non-thread-safe maps of a live target by walking from its static fields and its
 * threads' fields, checks each one's internals, confirms the damage it finds, and ranks the maps. Only reads: no
 * code runs in the target, and its threads are held only to confirm damage on a map that is being written (at
 * most {@link ScanOptions#maxPause()} each time) or during a heap walk the user asked for.
 *
 * <p>A report every time: when the target exits, when the scan is stopped ({@link #stop}: Ctrl-C) or cut at its
 * timeout, {@link #run} still returns what was read and found, damage seen once included, with a warning that says
 * why and a {@code cutBy}/{@code cutDuring} that say where it stopped.
 */
public final class Scanner {

    private static final JdiRoots.Statics NO_STATICS = new JdiRoots.Statics(List.of(), 0, 0);

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final ScanOptions options;
    private final Progress progress;
    private volatile HeapScan running;
    private volatile String stopped;
    /** The first error that meant the target could no longer be read, or null. */
    private volatile RuntimeException lostCause;

    /** Use {@link AttachedVm#scanner}. */
    public Scanner(AttachedVm session, VirtualMachine vm, ScanOptions options, Progress progress) {
        this.session = session;
        this.vm = vm;
        this.options = options;
        this.progress = progress;
    }

    /** Scans at once (see {@link #run}). */
    public static ScanResult scan(AttachedVm session, VirtualMachine vm, ScanOptions options, Progress progress) {
        return new Scanner(session, vm, options, progress).run();
    }

    /** Ends the scan early, from any thread (Ctrl-C): {@link #run} returns what was read until then. */
    public void stop() {
        stopped = "interrupted";
        HeapScan s = running;
        if (s != null) {
            s.stop(stopped);
        }
    }

    /**
     * Paces the walk to {@code --budget} of the host's CPU: what it costs is maprace's own CPU and the target's JDWP
     * agent's, both taken from the target's threads when they keep the cores busy. Half a second of CPU goes before
     * the pace applies (the tool warming up).
     */
    private Pacer pacer(Optional<AgentCpu> agent) {
        double share = budget * Runtime.getRuntime().availableProcessors();
        return new Pacer(() -> Math.max(0, ToolCpu.nanos()) + agent.map(a -> Math.max(0, a.nanos())).orElse(0L),
                share, BUDGET_BURST_NANOS);
    }

    /** The scan keeps to this share of the host's CPU (0.05: 5% of every core); 0, the default, for no pace. */
    public Scanner withBudget(double fraction) {
        this.budget = fraction;
        return this;
    }

    /** The agent's CPU time since {@code before} ({@link AgentCpu#nanos}), or null when it cannot be measured. */
    static Double agentMillis(Optional<AgentCpu> agent, long before) {
        long after = agent.map(AgentCpu::nanos).orElse(-1L);
        return before < 0 || after < 0 ? null : (after - before) / 1e6;
    }

    /** CPU a paced scan may take before its pace applies: the tool's own start. */
    private static final long BUDGET_BURST_NANOS = 500_000_000L;
    private double budget;

    /** Why an error means the target can no longer be read, or null for an error about one object. */
    private String lostBecause(RuntimeException e) {
        if (!(e instanceof VMDisconnectedException)) {
            return null;
        }
        if (lostCause == null) {
            lostCause = e;
        }
        String why = stopped;
        return why != null ? why : session.closedBecause() != null ? "timeout" : "target-exited";
    }

    /** The scan; whatever ends it early, the result holds what was read until then. */
    public ScanResult run() {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        PauseMeter meter = new PauseMeter(session::perfData);
        Optional<AgentCpu> agent = session.agentCpu();
        long agentBefore = agent.map(AgentCpu::nanos).orElse(-1L);
        JdiHeap heap = new JdiHeap(vm);
        try (HeapScan scan = new HeapScan(heap, options, progress, JdiHeap::releaseMirrors, this::lostBecause)) {
            running = scan;
            Pacer pacer = budget > 0 ? pacer(agent) : null;
            if (pacer != null) {
                scan.pace(pacer);
            }
            if (stopped != null) {
                scan.stop(stopped);
            }
            List<Warning> warnings = new ArrayList<>();
            for (String w : session.warnings()) {
                warnings.add(new Warning(WarningCode.JDWP_EXPOSED, w));
            }
            JdiRoots.Statics statics = NO_STATICS;
            List<JdiRoots.ThreadRoots> threads = List.of();
            double heapWalkPause = 0;
            try {
                progress.phase("reading the static fields of loaded classes", -1);
                statics = JdiRoots.statics(vm, scan.pool(), scan.budget(), scan::unreadable);
                progress.phase("walking from " + statics.roots().size() + " static fields of " + statics.classes()
                        + " classes", options.limit());
                scan.walkStatics(statics.roots());
                threads = scan.budget().expired() ? List.of() : JdiRoots.threads(vm, heap, scan::unreadable);
                if (!threads.isEmpty()) {
                    progress.phase("walking from the fields of " + threads.size() + " threads", options.limit());
                    for (JdiRoots.ThreadRoots t : threads) {
                        if (scan.budget().expired()) {
                            break;
                        }
                        scan.walkThread(t.name(), t.roots());
                    }
                }
                if (options.heapWalk() && !scan.budget().expired()) {
                    heapWalkPause = heapWalk(scan, warnings);
                }
            } catch (VMDisconnectedException e) {
                scan.lost(lostBecause(e));
            }
            HeapScan.Outcome outcome = scan.finish(options.maxPause().isZero() || scan.isLost() ? null
                    : new JdiSuspender(session, vm, options.maxPause()));
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            warnings.addAll(endWarnings(outcome, elapsed));
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
                    meter.safepointMillis(), meter.safepoints(), meter.longestSafepointMillis(), outcome.cutBy(),
                    options.heapWalk(), outcome.errors())
                    .withWalkEnd(outcome.cutDuring(), outcome.partlyRead(), outcome.unconfirmed())
                    .withAgentCpu(agentMillis(agent, agentBefore));
            if (pacer != null) {
                stats = stats.withBudget(budget * 100, pacer.costMillis(), pacer.pausedMillis());
            }
            Map<Long, ObjectReference> handles = new HashMap<>();
            outcome.handles().forEach((id, obj) -> handles.put(id, JdiObj.unwrap(obj)));
            return new ScanResult(session.label(), start, Instant.now(), ranked, stats, warnings, handles);
        } finally {
            running = null;
            meter.close();
        }
    }

    /** What the user must know of how the scan ended: the target lost first (its exit code wins), then the cut. */
    private List<Warning> endWarnings(HeapScan.Outcome outcome, long elapsedMillis) {
        List<Warning> out = new ArrayList<>();
        String covers = ": the report covers what was read until then (" + outcome.objects() + " objects, "
                + outcome.checked() + " maps checked" + (outcome.partlyRead() > 0 ? ", " + outcome.partlyRead()
                + " of them partly" : "") + ")";
        RuntimeException cause = lostCause;
        if (outcome.lost() != null && cause != null && stopped == null) {
            MapraceException lost = session.lost(cause);
            out.add(new Warning(WarningCode.of(lost.problem()), lost.getMessage() + covers));
        }
        String cutBy = outcome.cutBy();
        if (cutBy == null) {
            return out;
        }
        String where = " while " + switch (String.valueOf(outcome.cutDuring())) {
            case "statics" -> "walking from the static fields";
            case "threads" -> "walking from the threads' fields";
            case "heap-walk" -> "checking the maps the heap walk found";
            default -> "reading damaged maps again";
        };
        switch (cutBy) {
            case "timeout" -> {
                if (!cutBy.equals(outcome.lost())) {
                    // a big map read through JDWP costs a round trip per few entries; a dump has them all at once
                    out.add(new Warning(WarningCode.TIME_BUDGET_EXCEEDED, "the scan stopped at --timeout "
                            + Numbers.duration(options.timeout()) + where + covers
                            + " — raise --timeout for a complete scan, or, on a local JVM, scan a heap dump "
                            + "(--heap-dump: every map read in seconds, but the JVM's threads stop while the dump "
                            + "is written)"));
                }
            }
            case "limit" -> out.add(new Warning(WarningCode.LIMIT_REACHED, "the scan stopped at --limit "
                    + options.limit() + " objects" + where + covers + " — raise --limit for a complete scan"));
            case "interrupted" -> out.add(new Warning(WarningCode.STOPPED, String.format(Locale.ROOT,
                    "the scan was interrupted after %.1f s%s%s", elapsedMillis / 1000.0, where, covers)));
            default -> {
                // target-exited: said above
            }
        }
        return out;
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
                + "the longest %.0f ms%s", r.total(), r.unreached().size(), r.walks(), r.longestPauseMillis(),
                r.skipped().isEmpty() ? "" : "; map classes it could not count or read (left out, by reason): "
                        + r.skipped())));
        return r.longestPauseMillis();
    }
}
