package io.maprace.probe.fix;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import com.sun.jdi.VirtualMachine;
import io.maprace.probe.target.AttachedVm;

import java.util.List;
import java.util.Optional;

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
        } catch (com.sun.jdi.VMDisconnectedException | com.sun.jdi.ObjectCollectedException e) {
            // Before the record was written: nothing in the target had changed.
            throw new MapraceException(Problem.FIX_INTERRUPTED, session.label() + " went away (or the map did)"
                    + " before the swap — nothing was changed", e);
        }
    }

    /** Puts back what the fix of {@code record} replaced. */
    public FixResult undo(FixRecord record) {
        // A fix cut short after its record was written (maprace killed mid-swap) may have rewritten some references
        // and not others: undoing it puts back those that were.
        if (!record.inForce()) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, "fix " + record.id() + " is " + record.status()
                    + ": nothing to undo");
        }
        if (record.pid() > 0 && session.target().pid() != record.pid()) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, "fix " + record.id() + " was made in pid "
                    + record.pid() + ", not in " + session.label() + " — name that process");
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
        for (int i = all.size() - 1; i >= 0; i--) {
            FixRecord r = all.get(i);
            if (id != null ? r.id().equals(id) : r.pid() == pid && r.inForce()) {
                return r;
            }
        }
        throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, (id != null ? "no fix record '" + id + "'"
                : "no fix in force in pid " + pid) + " in " + records.dir() + " — 'maprace fix --list' shows them");
    }
}
