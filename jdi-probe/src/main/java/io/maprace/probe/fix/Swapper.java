package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Numbers;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces a map in the target: holds the threads that read its field at a barrier, waits until no other thread
 * is inside it, builds the replacement on a held thread, writes the undo record, rewrites every reference, and
 * releases the threads. Everything held is released on every exit path; a failure after the first reference
 * changed puts the old map back before it is reported.
 */
final class Swapper {

    /** Entries walked at most while the map's users are held (about 0.1 ms each over JDWP). */
    static final int BARRIER_WALK_LIMIT = 2_000;
    /**
     * How long the integrity checks may read a map the plan saw damaged while its users are held (the checks keep
     * about as much again for their end and their confirmation: {@link io.maprace.probe.scan.MapAudit#longest}).
     */
    static final Duration RECHECK_TIME = Duration.ofSeconds(2);
    /**
     * Entries up to which every entry is checked again inside the target while the users are held, when neither
     * the plan nor the look before the hold saw damage (a few ms). Above, the size field alone.
     */
    static final int SURVEY_LIMIT = 10_000;
    /** How far apart counts read while the map is written may be without damage: the writes in flight. */
    static final int SLACK = 16;
    /** A map this small is walked again while its users are held whatever the plan saw (tens of ms). */
    static final int SMALL = 256;

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final FixOptions options;
    private final FixRecords records;
    private final Progress progress;

    Swapper(AttachedVm session, VirtualMachine vm, FixOptions options, FixRecords records, Progress progress) {
        this.session = session;
        this.vm = vm;
        this.options = options;
        this.records = records;
        this.progress = progress;
    }

    /** The objects the barrier waits for threads to leave, and the classes whose frames run on them. */
    record Parts(Set<ObjectReference> objects, Set<String> classes) {
        static Parts of(ObjectReference... objects) {
            Set<ObjectReference> os = new HashSet<>();
            Set<String> cs = new HashSet<>();
            for (ObjectReference o : objects) {
                if (o == null) {
                    continue;
                }
                os.add(o);
                for (ReferenceType t = o.referenceType(); t != null; t = t instanceof ClassType c ? c.superclass() : null) {
                    cs.add(t.name());
                }
            }
            return new Parts(os, cs);
        }
    }

    FixResult fix(FixTarget target) {
        FixPlan plan = target.plan();
        ObjectReference old = target.map();
        boolean subclass = plan.replacement().strategy() == FixPlan.Strategy.SYNCHRONIZED_SUBCLASS;
        ObjectReference inner = subclass ? null : innerOf(old);
        List<FieldReaders.Reader> readers = readers(target.barrierFields());
        FixRecord record = records.begin(session.target().pid(), session.label(), plan);
        records.warmUp(record);
        List<String> notes = new ArrayList<>();
        boolean set = plan.replacement().type().startsWith("java.util.Collections$SynchronizedSet");
        Preparation prep = new ThreadHold(session, vm, options, progress).onOneThread(readers,
                subclass ? "defined the synchronized subclass and its instance" : "made the synchronized wrapper",
                ops -> subclass ? Preparation.subclass(ops, (ClassType) old.referenceType(), target)
                        : Preparation.wrapper(ops, target, set), notes);
        ClassType sync = prep.sync();
        ThreadHold.Hold hold = new ThreadHold(session, vm, options, progress).take(readers, Parts.of(old, inner, target.container()), notes);
        try (Barrier barrier = hold.barrier()) {
            Invoker invoker = new Invoker(vm, barrier.held().get(0), options.invokeTimeout().toMillis());
            TargetOps ops = prep.ops().on(invoker);
            Phases phases = new Phases(barrier.firstHitNanos());
            phases.mark("until no thread was inside");
            int recovered = -1;
            int lost = 0;
            int duplicates = 0;
            ObjectReference content = old;
            // Walking costs a JDWP round trip per entry (and per 4096 table slots) while the users wait: only a
            // small map, when the plan saw damage or could not look (read while the target ran, a count can be
            // off); otherwise the size field alone (negative = damaged).
            FixPlan.Health seen = plan.map().health();
            String family = Planner.family(old.referenceType());
            boolean small = seen.sizeField() >= 0 && seen.sizeField() <= BARRIER_WALK_LIMIT
                    || seen.checked() && seen.entries() <= BARRIER_WALK_LIMIT;
            FixPlan.Health now = health(ops, old, inner, family, seen, small, prep.early());
            boolean carried = false;
            if (seen.damaged() && !now.damaged()) {
                // What the plan's integrity checks found, the entry walk may not see (a tree bin's shape). Damage
                // they confirmed is structural and stays until the map is rebuilt: the plan's verdict stands, not
                // a second audit while the users wait (every entry read, a round trip each: seconds when large).
                // Damage the plan's walk alone saw may have been writes in flight: audited again.
                carried = target.damageConfirmed();
                if (carried) {
                    now = new FixPlan.Health(now.checked(), true, now.sizeField(), now.entries(), seen.detail());
                } else {
                    Planner.Audit again = Planner.audited(old, inner != null, now, RECHECK_TIME,
                            options.recheckEntries());
                    now = again.health();
                    if (!again.complete() && !now.damaged()) {
                        // A large TreeMap or IdentityHashMap: no damage seen is not no damage. Swapped all the same
                        // (what it holds stays as it is, and no thread writes it unguarded any more), and said.
                        notes.add("the plan found " + seen.detail() + "; checked again with its users held, the map"
                                + " could not be read whole within the check's bounds (" + Numbers.duration(RECHECK_TIME)
                                + ", " + Numbers.grouped(options.recheckEntries()) + " entries; a JDWP round trip per"
                                + " entry): swapped as it is, that damage neither confirmed nor"
                                + " ruled out — if it stands, the map keeps it until the application restarts");
                    }
                }
            }
            if (!hold.released().isEmpty() && !now.damaged()) {
                now = new FixPlan.Health(now.checked(), true, now.sizeField(), now.entries(), hold.released().size()
                        + " thread(s) looped in it (a cycle in a bin)");
            }
            if (now.damaged()) {
                if (subclass ? !EntryWalk.walkable(family) : !Planner.rebuildable(old.referenceType())) {
                    throw new MapraceException(Problem.FIX_NO_SAFE_TYPE, plan.map().path() + " is corrupted ("
                            + now.detail() + ") and maprace cannot rebuild a " + old.referenceType().name()
                            + " — nothing was changed; restart the application");
                }
                Rebuild rebuilt = Rebuild.of(ops, old, inner, subclass ? sync : Planner.rebuiltAs(old.referenceType()));
                content = rebuilt.map();
                recovered = rebuilt.recovered();
                lost = rebuilt.lost();
                duplicates = rebuilt.duplicates();
                notes.add((carried ? "corrupted as the plan's integrity checks found (" + now.detail() + "; structural,"
                        + " not audited again while its users were held)" : "corrupted when checked with its users held ("
                        + now.detail() + ")") + ": rebuilt");
                notes.addAll(rebuilt.notes());
            } else if (plan.replacement().strategy() == FixPlan.Strategy.REBUILD_AND_WRAP) {
                notes.add("intact when checked with its users held (" + (now.checked() ? "every entry read"
                        : now.detail()) + "): wrapped as it is, not rebuilt");
            }
            phases.mark(now.damaged() ? "check and rebuild" : "check");
            ObjectReference replacement;
            boolean rebuilt = content != old;
            if (subclass) {
                if (rebuilt) {
                    replacement = content; // the entries were put into a new instance of the subclass
                } else {
                    replacement = prep.replacement();
                    StateMove.rest(replacement, old);
                }
                keepOriginal(sync, old);
                content = replacement;
            } else {
                replacement = rebuilt ? Preparation.wrap(ops, content, set) : prep.replacement();
            }
            for (FixTarget.Ref r : target.refs()) {
                if (r.field() != null && !TargetOps.assignable(replacement.referenceType(), r.holder().declaredType())) {
                    throw new MapraceException(Problem.FIX_REFERENCE_NOT_WRITABLE, r.holder().label() + " is declared "
                            + r.holder().declaredType() + ", which a " + replacement.referenceType().name()
                            + " does not fit — nothing was changed");
                }
            }
            phases.mark("build the replacement");
            record = record.identities(prep.oldIdentity(), rebuilt ? ops.identityHash(replacement)
                    : prep.newIdentity(), replacement.referenceType().name());
            if (rebuilt) {
                phases.mark("identity hashes");
            }
            records.write(record); // before the first reference changes: a kill from here on leaves a record
            phases.mark("write the record");
            try {
                References.writeAll(ops, target.refs(), replacement, old, notes);
            } catch (RuntimeException e) {
                records.write(record.with(FixRecord.FAILED, null));
                throw e;
            }
            int verified = 0;
            for (FixTarget.Ref r : target.refs()) {
                if (replacement.equals(References.read(r))) {
                    verified++;
                }
            }
            phases.mark("rewrite " + target.refs().size() + " reference(s)");
            barrier.close();
            phases.mark("release", barrier.releasedNanos());
            notes.add("checks: " + hold.checks());
            if (target.refs().stream().anyMatch(r -> r.field() != null && r.field().isStatic() && r.field().isFinal())) {
                Barrier.deoptimize(vm, readers); // code compiled meanwhile may have folded the old static final
            }
            double pause = (barrier.releasedNanos() - barrier.firstHitNanos()) / 1e6;
            notes.add("hold: " + phases);
            replacement.enableCollection();
            List<FixResult.Released> released = Unsticker.check(vm, hold.users(), hold.released());
            long writes = writesAfter(content, notes);
            FixResult result = new FixResult("fixed", pause, hold.held(), readers.size(), hold.rounds(), recovered, lost,
                    duplicates, verified, writes, released, notes);
            records.write(record.with(FixRecord.APPLIED, result));
            return result;
        } catch (Invoker.InvokeTimeout e) {
            records.write(record.with(FixRecord.FAILED, null));
            throw new MapraceException(Problem.FIX_MAP_IN_USE, e.getMessage() + " — nothing was changed; retry");
        } catch (VMDisconnectedException e) {
            records.write(record.with(FixRecord.FAILED, null));
            throw new MapraceException(Problem.FIX_INTERRUPTED, session.label() + " went away during the swap — "
                    + "the record " + records.dir().resolve(record.id() + ".json") + " says how far it got", e);
        }
    }

    /**
     * Puts back the map a fix wrapped: the holders of the wrapper named by {@code record} get the map inside it
     * again (the original when it was wrapped as it was; the rebuilt copy when the original was damaged).
     */
    FixResult undo(FixTarget target, FixRecord record) {
        ObjectReference wrapper = target.map();
        boolean subclass = SyncSubclass.isOne(wrapper.referenceType());
        Field inside = subclass ? null : Fields.find(wrapper.referenceType(), "m") != null
                ? Fields.find(wrapper.referenceType(), "m") : Fields.find(wrapper.referenceType(), "c");
        ObjectReference restored = subclass
                ? (ObjectReference) ((ClassType) wrapper.referenceType()).getValue(((ClassType) wrapper.referenceType())
                .fieldByName(SyncSubclass.ORIGINAL))
                : inside == null ? null : (ObjectReference) wrapper.getValue(inside);
        if (restored == null) {
            throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, record.path() + " holds a "
                    + wrapper.referenceType().name() + " that no longer knows the map it replaced — nothing to undo");
        }
        List<FieldReaders.Reader> readers = readers(target.barrierFields());
        List<String> notes = new ArrayList<>();
        ThreadHold.Hold hold = new ThreadHold(session, vm, options, progress).take(readers, Parts.of(wrapper, target.container()), notes);
        try (Barrier barrier = hold.barrier()) {
            TargetOps ops = new TargetOps(new Invoker(vm, barrier.held().get(0), options.invokeTimeout().toMillis()));
            if (ops.identityHash(wrapper) != record.newIdentity()) {
                throw new MapraceException(Problem.FIX_UNDO_IMPOSSIBLE, record.path() + " no longer holds the object"
                        + " fix " + record.id() + " put there (replaced since?) — nothing was changed");
            }
            if (subclass) {
                // The original gets the state the synchronized map has now: every write made since the fix stays.
                StateMove.back(ops, wrapper, restored);
                notes.add("the map's current state was moved back into the original object");
            }
            if (!subclass && ops.identityHash(restored) != record.oldIdentity()) {
                notes.add("the original map was damaged and rebuilt by the fix; it is gone, so the rebuilt copy"
                        + " (unsynchronized again) takes its place");
            }
            References.writeAll(ops, target.refs(), restored, wrapper, notes);
            barrier.close();
            notes.add("checks: " + hold.checks());
            double pause = (barrier.releasedNanos() - barrier.firstHitNanos()) / 1e6;
            FixResult result = new FixResult("undone", pause, hold.held(), readers.size(), hold.rounds(), -1, 0, 0,
                    target.refs().size(), -1, List.of(), notes);
            records.write(record.with(FixRecord.UNDONE, result));
            return result;
        } catch (Invoker.InvokeTimeout e) {
            throw new MapraceException(Problem.FIX_MAP_IN_USE, e.getMessage() + " — nothing was changed; retry");
        } catch (VMDisconnectedException e) {
            throw new MapraceException(Problem.FIX_INTERRUPTED, session.label() + " went away during the undo", e);
        }
    }

    /**
     * The map's health while its users are held: checked inside the target when maprace walks its family there
     * (every entry, whatever the size, in one call), else from its fields: walked when small and worth it, else
     * its size field alone.
     */
    private static FixPlan.Health health(TargetOps ops, ObjectReference old, ObjectReference inner, String family,
                                         FixPlan.Health seen, boolean small, InsideWalk.Survey early) {
        ObjectReference walked = inner != null ? inner : old;
        String walkedFamily = Planner.family(walked.referenceType());
        if (InsideWalk.applies(walkedFamily) && (seen.damaged() || early == null || early.suspect(SLACK)
                || early.size() <= SURVEY_LIMIT)) {
            InsideWalk.Survey s = InsideWalk.survey(ops, walked, walkedFamily);
            return new FixPlan.Health(true, s.damaged(), (int) s.size(), (int) s.reachable(),
                    s.damaged() ? s.problems() : "every entry read inside the target");
        }
        return small && (seen.damaged() || !seen.checked() || seen.entries() <= SMALL)
                ? Planner.health(old, family, inner != null, BARRIER_WALK_LIMIT)
                : Planner.health(old, family, inner != null, 0);
    }

    /** The subclass's static field keeps the replaced map reachable, for --undo from a later session. */
    private static void keepOriginal(ClassType sync, ObjectReference old) {
        try {
            sync.setValue(sync.fieldByName(SyncSubclass.ORIGINAL), old);
        } catch (com.sun.jdi.InvalidTypeException | com.sun.jdi.ClassNotLoadedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Readers of every field through which the application reaches the map. */
    private List<FieldReaders.Reader> readers(List<Field> fields) {
        List<FieldReaders.Reader> readers = new ArrayList<>();
        for (Field f : new LinkedHashSet<>(fields)) {
            readers.addAll(FieldReaders.find(vm, f));
        }
        return readers;
    }

    /** A HashSet's inner map (its frames count as the set's), or null. */
    static ObjectReference innerOf(ObjectReference o) {
        Field f = Fields.find(o.referenceType(), "map");
        if (f != null && o.referenceType().name().startsWith("java.util.") && o.getValue(f) instanceof ObjectReference m) {
            return m;
        }
        return null;
    }

    /** Structural changes to the map now in place over a short while: the target goes on using it. */
    private long writesAfter(ObjectReference content, List<String> notes) {
        ObjectReference counted = innerOf(content) != null ? innerOf(content) : content;
        Field modCount = Fields.find(counted.referenceType(), "modCount");
        if (modCount == null) {
            return -1;
        }
        try {
            int before = ((IntegerValue) counted.getValue(modCount)).value();
            Thread.sleep(options.verifyFor().toMillis());
            int after = ((IntegerValue) counted.getValue(modCount)).value();
            return Integer.toUnsignedLong(after - before);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) {
            notes.add("could not read the map after the swap: " + e.getClass().getSimpleName());
            return -1;
        }
    }
}
