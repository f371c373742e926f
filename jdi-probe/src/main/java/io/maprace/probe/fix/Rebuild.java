package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.BooleanValue;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.FloatValue;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;

import java.util.ArrayList;
import java.util.List;

/**
 * A damaged map's entries, walked from its fields while the barrier holds its users, put into a new map of the
 * same JDK class (same capacity, load factor and order) by one call of a class maprace defines in the target.
 *
 * @param map the new map (or set), kept from the collector until stored
 * @param recovered its entries
 * @param lost entries the old size counted beyond those reached (an estimate: the size is what the race damaged)
 * @param duplicates nodes or keys reached twice, kept once
 */
record Rebuild(ObjectReference map, int recovered, int lost, int duplicates, List<String> notes) {

    /** Entries walked at most when rebuilding. */
    static final int LIMIT = 2_000_000;

    /**
     * @param sync the class of the new map when it is not the JDK's: the synchronized subclass the map moves into,
     *             or the application subclass it is (wrapped afterwards). The entries are put into it (its own
     *             {@code removeEldestEntry} runs on each put, so an LRU comes back within its bound); null: into a
     *             new map of the JDK class
     */
    static Rebuild of(TargetOps ops, ObjectReference old, ObjectReference inner, ClassType sync) {
        boolean set = inner != null;
        ObjectReference walked = set ? inner : old;
        String walkedFamily = Planner.family(walked.referenceType());
        if (InsideWalk.applies(walkedFamily)) {
            return inside(ops, old, walked, walkedFamily, set, sync);
        }
        EntryWalk.Result r = EntryWalk.walk(walked, walkedFamily, LIMIT);
        List<String> notes = new ArrayList<>();
        if (!r.complete()) {
            notes.add("only the first " + LIMIT + " entries were rebuilt");
        }
        List<Value> keys = new ArrayList<>(r.entries().size());
        List<Value> values = new ArrayList<>(r.entries().size());
        for (EntryWalk.Entry e : r.entries()) {
            keys.add(e.key());
            values.add(e.value());
        }
        ClassType fill = fillClass(ops);
        ObjectReference fresh = fresh(ops, old, walked, walkedFamily, set, sync);
        int collected = dropCollected(keys, values);
        if (collected > 0) {
            notes.add(collected + " entries whose key or value the collector took during the rebuild (weak keys)"
                    + " were dropped");
        }
        for (int attempt = 0; ; attempt++) {
            ArrayReference k = null;
            ArrayReference v = null;
            try {
                k = ops.objectArray(keys);
                v = set ? null : ops.objectArray(values);
                if (set) {
                    ops.invoker().callStatic(fill, FillClass.FILL_SET, FillClass.FILL_SET_SIG, List.of(fresh, k));
                } else {
                    ops.invoker().callStatic(fill, FillClass.FILL, FillClass.FILL_SIG, List.of(fresh, k, v));
                }
                break;
            } catch (com.sun.jdi.ObjectCollectedException e) {
                // A weak key collected since the walk (the upload fails), or the new map itself by a GC before it
                // was kept: drop what was collected and try again, a few times.
                if (attempt == 2) {
                    throw e;
                }
                notes.add(dropCollected(keys, values) + " more entries were collected during the upload and dropped");
            } finally {
                if (k != null) {
                    k.enableCollection();
                }
                if (v != null) {
                    v.enableCollection();
                }
            }
        }
        int lost = r.sizeField() > r.entries().size() + r.stale() ? r.sizeField() - r.entries().size() - r.stale() : 0;
        int kept = ((com.sun.jdi.IntegerValue) fresh.getValue(Fields.find(fresh.referenceType(), "size"))).value();
        if (kept < r.entries().size()) {
            notes.add((r.entries().size() - kept) + " recovered entries were evicted again by the map's own"
                    + " removeEldestEntry as they were put back");
        }
        if (r.stale() > 0) {
            notes.add(r.stale() + " entries whose weak key was already collected were dropped");
        }
        return new Rebuild(fresh, r.entries().size(), lost, r.duplicates(), notes);
    }

    /**
     * The entries taken and put back inside the target ({@link InsideWalk}): two calls, whatever the size; the keys
     * and values never leave the target.
     */
    private static Rebuild inside(TargetOps ops, ObjectReference old, ObjectReference walked, String family,
                                  boolean set, ClassType sync) {
        InsideWalk.Entries e = InsideWalk.entries(ops, walked, family);
        InsideWalk.Survey before = e.counts();
        List<String> notes = new ArrayList<>();
        try {
            ClassType fill = fillClass(ops);
            ObjectReference fresh = fresh(ops, old, walked, family, set, sync);
            if (set) {
                ops.invoker().callStatic(fill, FillClass.FILL_SET, FillClass.FILL_SET_SIG, List.of(fresh, e.keys()));
            } else {
                ops.invoker().callStatic(fill, FillClass.FILL, FillClass.FILL_SIG, List.of(fresh, e.keys(), e.values()));
            }
            int recovered = e.keys().length();
            int kept = ((com.sun.jdi.IntegerValue) fresh.getValue(Fields.find(fresh.referenceType(), "size"))).value();
            if (kept < recovered) {
                notes.add((recovered - kept) + " of the recovered entries were not kept: keys met twice, or evicted"
                        + " again by the map's own removeEldestEntry as they were put back");
            }
            if (before.stale() > 0) {
                notes.add(before.stale() + " entries whose weak key was already collected were dropped");
            }
            notes.add("entries taken and put back inside the target, in two calls");
            long lost = before.size() - before.reachable() - before.stale();
            return new Rebuild(fresh, recovered, (int) Math.max(0, lost), (int) before.sharedNodes(), notes);
        } finally {
            e.keys().enableCollection();
            e.values().enableCollection();
        }
    }

    /** The class that puts the entries into the new map, defined in the target under a name of its own. */
    private static ClassType fillClass(TargetOps ops) {
        String fillName = TargetOps.uniqueName("maprace.Fill");
        return ops.define(fillName, FillClass.bytes(fillName.replace('.', '/')), null);
    }

    /** The new, empty map: of the old one's JDK class, or of {@code sync} with the old one's own fields. */
    private static ObjectReference fresh(TargetOps ops, ObjectReference old, ObjectReference walked, String family,
                                         boolean set, ClassType sync) {
        ObjectReference fresh = newLike(ops, old, walked, family, set);
        if (sync == null) {
            return fresh;
        }
        // the JDK's fields of the empty map, the subclass's own from the old one
        ObjectReference moved = StateMove.into(ops, sync, old, fresh);
        fresh.enableCollection();
        return moved;
    }

    /** Removes the entries whose key or value was collected since the walk; returns how many. */
    private static int dropCollected(List<Value> keys, List<Value> values) {
        int dropped = 0;
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (keys.get(i) instanceof ObjectReference key && key.isCollected()
                    || values.get(i) instanceof ObjectReference value && value.isCollected()) {
                keys.remove(i);
                values.remove(i);
                dropped++;
            }
        }
        return dropped;
    }

    /** A new empty map (or set) of the old one's class, with its capacity, load factor and order. */
    private static ObjectReference newLike(TargetOps ops, ObjectReference old, ObjectReference walked, String family,
                                           boolean set) {
        // A set is rebuilt as its own JDK class; a map as the JDK class it is or extends (an application subclass
        // gets its own fields back from the old object when the state is moved into its synchronized subclass).
        ClassType type = set ? (ClassType) old.referenceType() : ops.invoker().loaded(family);
        int capacity = 16;
        if (walked.getValue(Fields.find(walked.referenceType(), "table")) instanceof ArrayReference t) {
            capacity = Math.max(16, t.length());
        }
        float loadFactor = ((FloatValue) walked.getValue(Fields.find(walked.referenceType(), "loadFactor"))).value();
        VirtualMachine vm = ops.invoker().vm();
        if (set) {
            return construct(ops, type, "(IF)V", List.of(vm.mirrorOf(capacity), vm.mirrorOf(loadFactor)));
        }
        if (family.equals("java.util.LinkedHashMap")) {
            Field ao = Fields.find(walked.referenceType(), "accessOrder");
            boolean accessOrder = ((BooleanValue) walked.getValue(ao)).value();
            return construct(ops, type, "(IFZ)V", List.of(vm.mirrorOf(capacity), vm.mirrorOf(loadFactor),
                    vm.mirrorOf(accessOrder)));
        }
        return construct(ops, type, "(IF)V", List.of(vm.mirrorOf(capacity), vm.mirrorOf(loadFactor)));
    }

    private static ObjectReference construct(TargetOps ops, ClassType type, String signature, List<Value> args) {
        Method ctor = type.concreteMethodByName("<init>", signature);
        if (ctor == null) {
            throw new IllegalStateException(type.name() + " has no constructor " + signature);
        }
        return Invoker.construct(type, ops.invoker().thread(), ctor, args);
    }
}
