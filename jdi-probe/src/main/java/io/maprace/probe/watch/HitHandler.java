package io.maprace.probe.watch;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.event.BreakpointEvent;

import io.maprace.events.ThreadRef;
import io.maprace.events.WatchedMap;
import io.maprace.events.WriteEvent;
import io.maprace.findings.Evidence;
import io.maprace.findings.HeldLock;
import io.maprace.model.MapHistory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Handles a breakpoint at a write site: recomputes the map, keeps only writes of watched instances, records
 * the write (with stack and locks for a sample of them), and goes after proof: a writer is held for a short,
 * budgeted time; if another thread enters a write of the same map meanwhile, both writes are the proof.
 */
final class HitHandler {

    /** Writes inspected in full (stack, locks) per map, thread and site before sampling one in {@link #EVERY}. */
    private static final int FIRST = 4;
    private static final int EVERY = 64;
    private static final long FIRST_HOLD_NANOS = 10_000_000L;
    private static final int MAX_HOLDS = 2;
    /** Overlaps recorded per map: one is proof; a few show other thread pairs and sites. */
    private static final int MAX_PROOFS = 3;
    /** Sightings of thread-safe maps at a field's sites before the field is dropped. */
    private static final int SAFE_SIGHTINGS = 8;
    /**
     * Writes still recorded on a field after its first proof (more threads, more sites for the graph), before
     * its breakpoints go off: a proven map costs nothing more.
     */
    static final int AFTER_PROOF = 32;
    /** Hits of a site whose map could never be recomputed before its breakpoint is removed. */
    private static final int UNEVALUATED_LIMIT = 50;

    private final ReceiverEvaluator evaluator;
    private final MapInspector inspector;
    private final ThreadCache threads;
    private final LockInspector locks;
    private final Holds holds;
    private final Governor governor;
    private final Clock clock;
    private final WatchListener listener;
    private final long maxHoldNanos;
    final Map<Long, MapHistory> histories = new LinkedHashMap<>();
    /** The instances seen written, for the integrity check at the end (at most {@link WatchAudit#MAX_MAPS}). */
    final Map<Long, ObjectReference> written = new LinkedHashMap<>();
    private final Map<Long, WatchedMap> described = new HashMap<>();
    private final Map<String, Integer> inspectCounts = new HashMap<>();
    private final Map<String, Boolean> synchronizedCalls = new HashMap<>();
    private final Set<Long> lastHoldExpired = new HashSet<>();
    final Counters counters = new Counters();

    /** What the handler counted, for the report's stats. Event thread only. */
    static final class Counters {
        long hits;
        long writes;
        long inspected;
        long unevaluated;
        long readsNotWriting;
        long notWatched;
        long holds;
        long proofs;
        long firstProofNanos = -1;
        int fieldsDropped;
        int sitesDropped;
        int fieldsRested;

        long firstProofMillis() {
            return firstProofNanos < 0 ? -1 : firstProofNanos / 1_000_000;
        }
    }

    HitHandler(ReceiverEvaluator evaluator, MapInspector inspector, ThreadCache threads, LockInspector locks,
               Holds holds, Governor governor, Clock clock, WatchListener listener,
               long maxHoldNanos) {
        this.evaluator = evaluator;
        this.locks = locks;
        this.inspector = inspector;
        this.threads = threads;
        this.holds = holds;
        this.governor = governor;
        this.clock = clock;
        this.listener = listener;
        this.maxHoldNanos = maxHoldNanos;
    }

    /**
     * @return whether a proof was found on this hit
     */
    boolean hit(BreakpointEvent event, Suspension suspension, long startNanos) throws IncompatibleThreadStateException {
        Site site = (Site) event.request().getProperty(FieldBreakpoints.SITE);
        if (site == null) {
            suspension.resume();
            return false;
        }
        counters.hits++;
        site.hits++;
        ThreadReference thread = event.thread();
        ObjectReference holder = (ObjectReference) event.request().getProperty(FieldBreakpoints.HOLDER);
        Supplier<StackFrame> top = new Supplier<>() {
            StackFrame frame;

            @Override
            public StackFrame get() {
                if (frame == null) {
                    try {
                        frame = thread.frame(0);
                    } catch (IncompatibleThreadStateException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return frame;
            }
        };
        ObjectReference map = evaluator.evaluate(top, site.write, holder);
        if (map == null) {
            counters.unevaluated++;
            site.unevaluated++;
            suspension.resume();
            if (site.unevaluated >= UNEVALUATED_LIMIT && site.unevaluated == site.hits) {
                site.field.breakpoints().remove(site);
                counters.sitesDropped++;
            }
            return false;
        }
        WatchedField field = site.field;
        if (!field.watches(map.uniqueID())) {
            counters.notWatched++;
            suspension.resume();
            return false;
        }
        MapInspector.Info info = inspector.inspect(map, field.ownerIsMap, field.customAllowed());
        if (!info.watchable()) {
            suspension.resume();
            if (field.sawUnwatchable(SAFE_SIGHTINGS)) {
                field.breakpoints().drop();
                counters.fieldsDropped++;
                listener.note("stopped watching " + field.label() + ": it holds a " + info.type()
                        + (info.threadSafe() ? " (thread-safe)" : ""));
            }
            return false;
        }
        field.sawWatchable();
        WatchedMap.MapTraits traits = info.traits();
        if (traits.accessOrdered() || traits.weak()) {
            field.learnReadsWrite();
        }
        if (!site.write.kind().writes(traits.accessOrdered(), traits.weak())) {
            counters.readsNotWriting++;
            suspension.resume();
            return false;
        }
        counters.writes++;
        if (field.writtenAfterProof(AFTER_PROOF)) {
            field.rest();
            counters.fieldsRested++;
            listener.note("stopped watching " + field.label() + ": proven, it costs nothing more");
        }
        WatchedMap watched = describe(map, info, field);
        MapHistory history = histories.computeIfAbsent(map.uniqueID(), k -> new MapHistory(watched));
        if (written.size() < WatchAudit.MAX_MAPS) {
            written.putIfAbsent(map.uniqueID(), map);
        }
        ThreadRef writer = threads.of(thread);
        // Judged by when this event arrived, not when it is handled: under load it may wait in the queue past
        // the held thread's deadline, its thread suspended at the write all along.
        Holds.Hold held = holds.overlapping(map.uniqueID(), thread.uniqueID(), suspension.arrivedNanos);
        boolean second = held != null && history.overlaps().size() < MAX_PROOFS;
        boolean mayHold = maxHoldNanos > 0 && held == null && holds.active(map.uniqueID()) == null
                && history.overlaps().isEmpty()
                && history.writers().size() >= 2
                && holds.count() < MAX_HOLDS && governor.on();
        String key = map.uniqueID() + "|" + writer.id() + "|" + site.frameSite;
        int seen = inspectCounts.merge(key, 1, Integer::sum);
        boolean inspect = second || mayHold || seen <= FIRST || seen % EVERY == 0;

        List<String> stack = List.of();
        List<HeldLock> heldLocks = null;
        if (inspect) {
            counters.inspected++;
            List<StackFrame> frames = StackReader.frames(thread);
            stack = StackReader.sites(frames);
            heldLocks = new ArrayList<>(locks.locks(thread, writer.id(), frames, site.frameSite));
            if (!info.type().equals(traits.jdkBase()) && synchronizedCall(map, site)) {
                // A custom map whose method is synchronized takes the map's own monitor inside the call.
                heldLocks.add(new HeldLock(info.type(), String.valueOf(map.uniqueID()), HeldLock.Mode.MONITOR));
            }
        }
        WriteEvent write = new WriteEvent(watched, writer, clock.instant(), site.frameSite,
                operation(info, site), stack, heldLocks);
        history.record(write);

        if (second) {
            // How long the first thread had been stopped at its write (from its event's arrival, not the hold's
            // start: the second may come while the first is still being inspected) when the second came.
            long heldMicros = Math.max(0, suspension.arrivedNanos - held.suspension().arrivedNanos) / 1000;
            history.overlap(new Evidence.Overlap(held.write().evidence(), write.evidence(), heldMicros));
            holds.release(held);
            suspension.resume();
            counters.proofs++;
            field.proven();
            if (counters.firstProofNanos < 0) {
                counters.firstProofNanos = System.nanoTime() - startNanos;
            }
            listener.proven(watched.group() + ": " + held.write().thread() + " held at " + held.write().site()
                    + ", " + writer + " entered " + site.frameSite);
            return true;
        }
        if (mayHold && write.inspected() && worthHolding(history, writer.id(), heldLocks)) {
            long nanos = history.nextHoldNanos(Math.min(FIRST_HOLD_NANOS, maxHoldNanos), maxHoldNanos,
                    lastHoldExpired.remove(map.uniqueID()));
            if (governor.allowHold(nanos, System.nanoTime())) {
                counters.holds++;
                lastHoldExpired.add(map.uniqueID());
                holds.hold(map.uniqueID(), write, suspension, nanos);
                return false;
            }
        }
        suspension.resume();
        return false;
    }

    /**
     * Holding a thread that owns an exclusive lock stalls every thread waiting for it, and can only catch a
     * writer that does not take that lock: hold it only when such a writer was seen.
     */
    private static boolean worthHolding(MapHistory history, long threadId, List<HeldLock> locks) {
        Set<String> exclusive = new HashSet<>();
        for (HeldLock l : locks) {
            if (l.excludesOthers()) {
                exclusive.add(l.lockClass() + "@" + l.identity());
            }
        }
        return exclusive.isEmpty() || history.unprotectedAgainst(threadId, exclusive);
    }

    private WatchedMap describe(ObjectReference map, MapInspector.Info info, WatchedField field) {
        return described.computeIfAbsent(map.uniqueID(), id -> {
            String path = field.pathOf(id);
            if (path == null && field.field.isStatic()) {
                path = field.owner() + "." + field.name();
            }
            WatchedMap.MapTraits t = info.traits();
            // What the code does with it (add, then remove in the same call) is known from its sites.
            return new WatchedMap(id, info.type(), field.owner(), field.name(), path, new WatchedMap.MapTraits(
                    t.jdkBase(), t.accessOrdered(), t.weak(), t.set(), t.ownerIsMap(), field.addThenRemove()));
        });
    }

    private static String operation(MapInspector.Info info, Site site) {
        String type = info.type().substring(info.type().lastIndexOf('.') + 1);
        String method = site.write.call().substring(site.write.call().lastIndexOf('.') + 1);
        String op = type + "." + (site.write.via() == null ? "" : site.write.via() + ".") + method;
        return switch (site.write.kind()) {
            case MAYBE_HIDDEN_WRITE -> op + (info.traits().weak() ? " (expunging)" : " (access order)");
            case EXPUNGING_READ -> op + " (expunging)";
            default -> op;
        };
    }

    private boolean synchronizedCall(ObjectReference map, Site site) {
        if (site.write.via() != null) {
            return false;
        }
        ReferenceType type = map.referenceType();
        String name = site.write.call().substring(site.write.call().lastIndexOf('.') + 1);
        return synchronizedCalls.computeIfAbsent(type.name() + "." + name, k -> {
            for (Method m : type.allMethods()) {
                if (m.name().equals(name) && m.isSynchronized() && !StackReader.jdkClass(m.declaringType().name())) {
                    return true;
                }
            }
            return false;
        });
    }
}
