package io.maprace.probe.watch;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;

import io.maprace.findings.Severity;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.findings.WatchChoice;
import io.maprace.findings.WatchStats;
import io.maprace.model.MapHistory;
import io.maprace.model.WatchResult;
import io.maprace.probe.target.ClassSkips;
import io.maprace.probe.target.ToolCpu;
import io.maprace.rules.Verdict;

import static io.maprace.probe.watch.Units.labels;
import static io.maprace.probe.watch.Units.percent;
import static io.maprace.probe.watch.Units.round;
import static io.maprace.probe.watch.Units.seconds;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One watch of a live JVM: resolves the maps, sets breakpoints at their write sites, handles hits on one event
 * thread until the duration ends (or {@link #stop}), and returns what was seen. Works on a VM attached by the
 * caller, which also disposes it.
 *
 * <p>Leaves nothing behind: every request it created is deleted and every thread it suspended is resumed
 * when {@link #run} returns, when {@link #close} runs (try-with-resources, a shutdown hook), and by a watchdog
 * for threads held at a write whatever the event thread is doing.
 */
public final class WatchSession implements AutoCloseable {

    private final VirtualMachine vm;
    private final WatchOptions options;
    private final Clock clock;
    private final WatchListener listener;
    private final Object cleanupLock = new Object();
    /** Target classes left out because they could not be read (unloaded, not prepared, hidden). */
    private final ClassSkips skips = new ClassSkips();
    private final WatchAudit audit;
    private volatile boolean stopRequested;
    private volatile boolean cleanedUp;
    private SiteInstaller installer;
    private MonitorWatch monitors;
    private Holds holds;
    private EventPump pump;
    private EventDispatcher dispatcher;
    private long setupNanos;
    /** CPU time the setup took from the target's host (the tool's and the agent's); -1 when not measured. */
    private long setupCpuNanos = -1;
    private final LongSupplier agentCpu;
    private long watchStart;
    /** Runs on the event thread after each event: lets tests stall it to show the watchdog at work. */
    private volatile Runnable afterEvent = () -> { };

    public WatchSession(VirtualMachine vm, WatchOptions options, Clock clock, WatchListener listener) {
        this(vm, options, clock, listener, () -> -1L);
    }

    /** @param agentCpu CPU time of the target's JDWP agent since maprace attached, in ns; -1 when not measured */
    public WatchSession(VirtualMachine vm, WatchOptions options, Clock clock, WatchListener listener,
                        LongSupplier agentCpu) {
        this.agentCpu = agentCpu;
        this.vm = vm;
        this.audit = new WatchAudit(vm);
        this.options = options;
        this.clock = clock;
        this.listener = listener;
    }

    /** Ends the watch early (Ctrl-C); {@link #run} returns the report so far. Any thread may call it. */
    public void stop() {
        stopRequested = true;
    }

    void afterEvent(Runnable hook) {
        this.afterEvent = hook;
    }

    /** Threads held for a proof right now. */
    List<ThreadReference> heldThreads() {
        Holds h = holds;
        return h == null ? List.of() : h.heldThreads();
    }

    public WatchResult run() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<Warning> warnings = new ArrayList<>();
        boolean disconnected = false;
        MapInspector inspector = new MapInspector();
        ThreadCache threads = new ThreadCache();
        Governor governor = new Governor(options.budget(), t0);
        HitHandler handler = null;
        List<WatchedField> fields = List.of();
        long latencyNanos = 0;
        try {
            latencyNanos = EventPump.roundTripNanos(vm);
            MapResolver resolver = new MapResolver(vm, inspector);
            fields = options.maps().isEmpty() ? FieldCandidates.find(vm, inspector, options.autoLimit(), skips)
                    : resolver.resolve(options.maps());
            resolver.notes().forEach(n -> warnings.add(new Warning(WarningCode.THREAD_SAFE_MAP, n)));
            synchronized (cleanupLock) {
                if (stopRequested) {
                    return result(start, t0, warnings, handler, governor, fields, latencyNanos, Map.of());
                }
                holds = new Holds();
                installer = new SiteInstaller(vm, fields, skips);
                SiteInstaller sites = installer;
                holds.onStall(() -> sites.setEnabled(false));
                // Breakpoints are created off, warmed up for, then switched on together.
                installer.installAll();
                monitors = options.monitors() ? new MonitorWatch(vm, threads, clock) : null;
                if (monitors != null) {
                    monitors.setEnabled(true, System.nanoTime());
                }
                long halfTrip = latencyNanos / 2;
                Holds watched = holds;
                pump = new EventPump(vm, (set, arrived) -> {
                    Suspension s = new Suspension(set, EventDispatcher.threadOf(set), arrived, governor, halfTrip);
                    watched.track(s);
                    return s;
                });
            }
            ReceiverEvaluator evaluator = new ReceiverEvaluator(vm);
            LockInspector locks = new LockInspector();
            handler = new HitHandler(evaluator, inspector, threads, locks, holds, governor, clock, listener,
                    options.maxHold().toNanos());
            dispatcher = new EventDispatcher(handler, installer, monitors, holds, governor, () -> afterEvent.run());
            Warmup.run(vm, installer.sites(), threads, locks, evaluator);
            SetupClock setup = options.setup();
            setupNanos = System.nanoTime() - (setup != null ? setup.startedNanos() : t0);
            setupCpuNanos = setupCpu(setup);
            t0 = System.nanoTime();
            watchStart = t0;
            governor.start(t0);
            if (setupCpuNanos > 0) {
                governor.chargeSetup(setupCpuNanos, setupNanos);
            }
            installer.setEnabled(true);
            audit.checkAtArm(fields, options.duration());
            if (fields.isEmpty()) {
                warnings.add(new Warning(WarningCode.NOTHING_TO_WATCH, options.maps().isEmpty()
                        ? "no map field of a non-thread-safe type was found in the loaded application classes"
                        : "none of the named maps can be watched"));
            } else if (installer.sites().isEmpty()) {
                warnings.add(new Warning(WarningCode.NO_WRITE_SITES, "no write to " + labels(fields) + " was found in the"
                        + " loaded classes; classes that load later are checked as they load"));
            }
            listener.watching(fields.size() + (fields.size() == 1 ? " field" : " fields") + " (" + labels(fields)
                    + ") at " + installer.sites().size() + " write sites, for " + seconds(options.duration())
                    + " within a " + percent(options.budget()) + " budget");
            pump.start();
            disconnected = loop(handler, governor, t0);
        } catch (VMDisconnectedException e) {
            disconnected = true;
        } finally {
            cleanUp();
        }
        // the check begun at arming ends first (a Ctrl-C waits for it only a moment: the user asked for the report)
        audit.awaitCheckAtArm(stopRequested || disconnected);
        if (!disconnected && !stopRequested && handler != null) {
            audit.checkAtEnd(fields, handler.written, handler.histories, options.duration());
        }
        // a watch that saw no write says which threads run inside map code (see ThreadsInMaps)
        Map<String, List<String>> inMaps = !disconnected && !stopRequested && handler != null
                && handler.counters.writes == 0 && !fields.isEmpty() ? ThreadsInMaps.look(vm) : Map.of();
        if (stopRequested) {
            // Ended early (Ctrl-C): the connection may close under us as the tool shuts down; that is not the
            // target exiting.
            warnings.add(new Warning(WarningCode.STOPPED, "the watch was ended early, after "
                    + seconds(System.nanoTime() - t0) + ": the report covers the time until then"));
        } else if (disconnected) {
            warnings.add(new Warning(WarningCode.TARGET_EXITED, "the target exited or disconnected after "
                    + seconds(System.nanoTime() - t0) + ": the report covers the time until then"));
        }
        return result(start, t0, warnings, handler, governor, fields, latencyNanos, inMaps);
    }

    /**
     * CPU the setup took from the target's host: the tool's own since the command started, and the target's JDWP
     * agent's since maprace attached; -1 when neither can be measured.
     */
    private long setupCpu(SetupClock setup) {
        long tool = setup == null || setup.toolCpuNanos() < 0 ? -1 : ToolCpu.nanos() - setup.toolCpuNanos();
        long agent = agentCpu.getAsLong();
        return tool < 0 && agent < 0 ? -1 : Math.max(0, tool) + Math.max(0, agent);
    }

    /** Handles events until the end; returns whether the target went away. */
    private boolean loop(HitHandler handler, Governor governor, long t0) {
        long end = t0 + options.duration().toNanos();
        boolean sampling = false;
        while (!stopRequested) {
            long now = System.nanoTime();
            if (now >= end) {
                return false;
            }
            EventPump.Arrival arrival;
            try {
                arrival = pump.poll(Math.min(20, Math.max(1, (end - now) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (arrival != null) {
                if (arrival.set() == null) {
                    return true;
                }
                if (dispatcher.handle(arrival, watchStart)) {
                    return true;
                }
                if (options.stopOnProof() && handler.counters.proofs > 0) {
                    return false;
                }
            }
            now = System.nanoTime();
            if (installer.allRested()) {
                governor.finish(now);
            }
            boolean on = governor.tick(now, holds.any());
            if (on != installer.enabled()) {
                installer.setEnabled(on);
                if (!on && !sampling && governor.finishedAfter() < 0) {
                    sampling = true;
                    listener.note("events come faster than the " + percent(options.budget())
                            + " budget allows: watching in windows from now on");
                }
            }
            if (monitors != null) {
                monitors.setEnabled(on, now);
            }
        }
        return false;
    }

    /** Deletes every request, releases every held thread, and resumes events still queued. Idempotent. */
    private void cleanUp() {
        synchronized (cleanupLock) {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            try {
                if (installer != null) {
                    installer.close();
                }
                if (monitors != null) {
                    monitors.close();
                }
            } catch (VMDisconnectedException e) {
                // Nothing left to clean in a target that is gone.
            } finally {
                if (holds != null) {
                    holds.close();
                }
                if (pump != null) {
                    pump.drainAndClose();
                }
            }
        }
    }

    private WatchResult result(Instant start, long t0, List<Warning> warnings, HitHandler handler,
                               Governor governor, List<WatchedField> fields, long latencyNanos,
                               Map<String, List<String>> inMaps) {
        long now = System.nanoTime();
        List<MapHistory> maps = handler == null ? List.of() : new ArrayList<>(handler.histories.values());
        HitHandler.Counters c = handler == null ? new HitHandler.Counters() : handler.counters;
        double watched = governor.watchedFraction(now);
        // Diagnostic counters (holdsExpired...) reach the JSON only when not 0; see WatchStats.
        WatchStats stats = new WatchStats(0, c.writes, c.proofs,
                c.firstProofMillis() >= 0 ? c.firstProofMillis() : null, (now - t0) / 1_000_000,
                setupNanos / 1_000_000, round(watched), round(options.budget() * 100),
                round(governor.overhead(now) * 100), governor.cpuNanos() / 1_000_000,
                setupCpuNanos < 0 ? null : setupCpuNanos / 1_000_000,
                agentCpu.getAsLong() < 0 ? null : agentCpu.getAsLong() / 1_000_000,
                governor.rearmNanos() / 1_000_000,
                governor.finishedAfter() >= 0 ? governor.finishedAfter() / 1_000_000 : null,
                governor.threadsCharged(), governor.windows(), c.hits, c.holds,
                holds == null ? 0 : holds.heldMillis(), installer == null ? 0 : installer.sites().size(),
                installer == null ? 0 : installer.classesScanned(), installer == null ? 0 : installer.scanMillis(),
                dispatcher == null ? 0 : dispatcher.eventMicrosMean(),
                holds == null ? 0 : holds.expired(), governor.holdsRefused(), c.readsNotWriting, c.notWatched,
                c.unevaluated, c.sitesDropped, c.fieldsDropped, c.fieldsRested, skips.classes(), skips.methods(),
                installer == null ? 0L : installer.deferredSites(), holds == null ? 0 : holds.forced(),
                monitors == null ? 0L : monitors.waits().size(), monitors == null ? 0L : monitors.dropped(),
                skips.classes() > 0 ? skips.byReason() : Map.of(),
                fields.stream().map(WatchedField::label).toList(), audit.checks(),
                options.chosen().stream().map(WatchChoice::line).toList(), List.of());
        List<Warning> all = new ArrayList<>(warnings);
        if (skips.classes() > 0) {
            all.add(new Warning(WarningCode.CLASSES_SKIPPED, skips.classes() + " classes of the target could not be read"
                    + " and were left out " + skips.byReason() + ": writes in them are not watched"));
        }
        // Sampling may miss rare writes: worth saying only while a watched map is still unproven.
        boolean allProven = !maps.isEmpty() && maps.stream().allMatch(m -> Verdict.of(m).severity() == Severity.PROVEN);
        if (watched < 0.995 && c.hits > 0 && !allProven) {
            all.add(new Warning(WarningCode.SAMPLED, "watched " + percent(watched) + " of the " + seconds(now - t0)
                    + " (in windows, to stay within the " + percent(options.budget()) + " budget): writes"
                    + " that happen rarely may have been missed — raise --budget or --duration"));
        }
        if (c.writes == 0 && !fields.isEmpty()) {
            all.add(new Warning(WarningCode.NO_WRITES, "no write to the watched maps was seen in " + seconds(now - t0)
                    + (inMaps.isEmpty() ? " — watch longer, or while the code that writes them runs"
                    : "; " + inMapsText(inMaps) + " when it ended: stuck in a damaged map? `maprace stuck` on the "
                    + "target shows whether they stay there")));
        }
        return new WatchResult(options.target(), start, clock.instant(), maps,
                monitors == null ? List.of() : monitors.waits(), stats, all, audit.damaged());
    }

    /** The threads found in map code, by the map method they were in (see {@link ThreadsInMaps#look}). */
    private static String inMapsText(Map<String, List<String>> inMaps) {
        int threads = inMaps.values().stream().mapToInt(List::size).sum();
        StringBuilder text = new StringBuilder(threads + (threads == 1 ? " thread was" : " threads were")
                + " running inside map code");
        inMaps.forEach((method, names) -> text.append(" (").append(method).append(": ")
                .append(String.join(", ", names.subList(0, Math.min(4, names.size()))))
                .append(names.size() > 4 ? ", ..." : "").append(')'));
        return text.toString();
    }

    @Override
    public void close() {
        stopRequested = true;
        cleanUp();
    }
}
