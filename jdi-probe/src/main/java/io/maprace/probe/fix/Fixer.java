package io.maprace.probe.fix;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import com.sun.jdi.VirtualMachine;
import io.maprace.probe.target.AttachedVm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code maprace fix}: plans, applies and undoes the replacement of a racy map in a live target. The plan is
 * read-only; {@link #apply} changes the target and keeps an audit record of it ({@link FixRecords}).
 */
public final class Fixer {

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final FixOptions options;
    private final FixRecords records;
    private final Progress progress;

    /** Made by {@link AttachedVm#fixer}, which hands over the JDI mirror. */
    public Fixer(AttachedVm session, VirtualMachine vm, FixOptions options, FixRecords records, Progress progress) {
        this.session = session;
        this.vm = vm;
        this.options = options;
        this.records = records;
        this.progress = progress;
    }

    /** The target's JDI mirror, for this package's tests. */
    VirtualMachine vm() {
        return vm;
    }

    /** A plan, with what the swap needs of the target; valid only on this session. */
    public static final class Prepared {
        private final FixTarget target;

        private Prepared(FixTarget target) {
            this.target = target;
        }

        public FixPlan plan() {
            return target.plan();
        }
    }

    /** Maps fixed at most by one command with a {@code [*]} path. */
    static final int MAX_MAPS = 100;

    /**
     * The plans for the maps a path reaches: one, or, for a {@code [*]} path, each map it reaches now (maps
     * already thread-safe or already replaced are skipped, and said).
     *
     * @param objects how many objects the {@code [*]} step read (-1 for a plain path, or several paths)
     */
    public record Batch(List<Prepared> plans, List<String> skipped, int objects) {
    }

    /** Reads the target and decides for every map {@code path} names; changes nothing. */
    public Batch planAll(String path) {
        if (!ElementWalk.isPattern(path)) {
            return new Batch(List.of(plan(path)), List.of(), -1);
        }
        progress.phase("reading the objects of " + path.substring(0, path.indexOf("[*]")), -1);
        ElementWalk walk;
        try {
            walk = ElementWalk.resolve(vm, path);
        } catch (com.sun.jdi.VMDisconnectedException e) {
            throw session.lost(e);
        }
        if (walk.found().isEmpty()) {
            throw new MapraceException(Problem.MAP_NOT_FOUND, path + " reaches no map now: the collection holds "
                    + walk.objects() + " object(s), none with those fields set — nothing to fix");
        }
        if (walk.found().size() > MAX_MAPS) {
            throw new MapraceException(Problem.USAGE, path + " reaches " + walk.found().size() + " maps; fix replaces"
                    + " at most " + MAX_MAPS + " in one command — narrow the path, or fix the code");
        }
        List<Prepared> plans = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ElementWalk.Found f : walk.found()) {
            progress.phase("planning the fix of " + f.label(), -1);
            try {
                plans.add(new Prepared(new Planner(vm, options.heapRefs()).plan(f.walk(), f.label())));
            } catch (MapraceException e) {
                if (e.problem() != Problem.FIX_ALREADY_SAFE && e.problem() != Problem.FIX_ALREADY_FIXED) {
                    throw e;
                }
                skipped.add(e.getMessage());
            } catch (com.sun.jdi.VMDisconnectedException e) {
                throw session.lost(e);
            }
        }
        if (plans.isEmpty()) {
            throw new MapraceException(Problem.FIX_ALREADY_SAFE, "every one of the " + walk.found().size() + " maps "
                    + path + " reaches is thread-safe already — nothing to do");
        }
        return new Batch(plans, skipped, walk.objects());
    }

    /**
     * The plans for several paths (the maps a report names): a path that reaches no map now, or only maps already
     * safe or fixed, is skipped and said; fails only when none is left.
     */
    public Batch planAll(List<String> paths) {
        List<Prepared> plans = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<Problem> why = new java.util.HashSet<>();
        for (String path : paths) {
            try {
                Batch b = planAll(path);
                plans.addAll(b.plans());
                skipped.addAll(b.skipped());
            } catch (MapraceException e) {
                if (!Set.of(Problem.MAP_NOT_FOUND, Problem.NOT_A_MAP, Problem.USAGE, Problem.FIX_ALREADY_SAFE,
                        Problem.FIX_ALREADY_FIXED).contains(e.problem())) {
                    throw e;
                }
                skipped.add(e.getMessage());
                why.add(e.problem());
            }
        }
        if (plans.isEmpty()) {
            // Every map already fixed (or safe) says so with its own code; anything else: no map to fix.
            Problem problem = why.size() == 1 ? why.iterator().next() : Problem.MAP_NOT_FOUND;
            throw new MapraceException(problem, "none of the " + paths.size() + " map(s) named can be fixed now: "
                    + String.join("; ", skipped));
        }
        return new Batch(plans, skipped, -1);
    }

    /** Reads the target and decides; changes nothing. */
    public Prepared plan(String path) {
        Optional<FixRecord> earlier = records.inForce(session.target().pid(), path);
        if (earlier.isPresent()) {
            throw new MapraceException(Problem.FIX_ALREADY_FIXED, path + " was already replaced by maprace (record "
                    + earlier.get().id() + ", " + earlier.get().status() + ") — 'maprace fix --undo " + earlier.get().id()
                    + "' first, or leave it");
        }
        progress.phase("planning the fix of " + path, -1);
        try {
            return new Prepared(new Planner(vm, options.heapRefs()).plan(path));
        } catch (com.sun.jdi.VMDisconnectedException e) {
            throw session.lost(e);
        }
    }

    /** Swaps the map as planned. */
    public FixResult apply(Prepared prepared) {
        try {
            return new Swapper(session, vm, options, records, progress).fix(prepared.target);
        } catch (com.sun.jdi.VMDisconnectedException e) {
            // Before the record was written: nothing in the target had changed.
            throw new MapraceException(Problem.FIX_INTERRUPTED, session.label() + " went away before the swap —"
                    + " nothing was changed", e);
        } catch (com.sun.jdi.ObjectCollectedException e) {
            // The map (or its holder) became garbage since the plan: a [*] path's short-lived element, typically.
            throw new MapraceException(Problem.MAP_NOT_FOUND, prepared.plan().map().path() + " was collected before"
                    + " its swap (nothing used it any more) — nothing was changed", e);
        }
    }

    /** Whether a failure of {@link #apply} leaves the other maps of a batch to fix: the map itself was gone. */
    public static boolean skippable(MapraceException e) {
        return e.problem() == Problem.MAP_NOT_FOUND;
    }

    /** Puts back what the fix of {@code record} replaced. */
    public FixResult undo(FixRecord record) {
        // A fix cut short after its record was written (maprace killed mid-swap) may have rewritten some references
        // and not others: undoing it puts back those that were.
        if (!record.inForce()) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, "fix " + record.id() + " is " + record.status()
                    + ": nothing to undo");
        }
        long pid = session.target().pid();
        if (record.pid() > 0 && !record.madeIn(pid, FixRecords.startOf(pid))) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, "fix " + record.id() + (pid != record.pid()
                    ? " was made in pid " + record.pid() + ", not in " + session.label() + " — name that process"
                    : " was made in an earlier process with pid " + pid + " (started " + record.targetStarted()
                    + "), not in this one: nothing of it is left to undo"));
        }
        try {
            FixTarget target = new Planner(vm, false).planUndo(record.path(), record.plan());
            return new Swapper(session, vm, options, records, progress).undo(target, record);
        } catch (com.sun.jdi.VMDisconnectedException e) {
            throw session.lost(e);
        }
    }

    /** The record to undo: by id, or the latest one in force in this target. */
    public static FixRecord toUndo(FixRecords records, String id, long pid) {
        List<FixRecord> all = records.list();
        Instant started = FixRecords.startOf(pid);
        for (int i = all.size() - 1; i >= 0; i--) {
            FixRecord r = all.get(i);
            if (id != null ? r.id().equals(id) : r.madeIn(pid, started) && r.inForce()) {
                return r;
            }
        }
        throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, (id != null ? "no fix record '" + id + "'"
                : "no fix in force in pid " + pid) + " in " + records.dir() + " — 'maprace fix --list' shows them");
    }
}
