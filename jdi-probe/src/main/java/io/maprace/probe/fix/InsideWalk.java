package io.maprace.probe.fix;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import io.maprace.probe.fix.inside.MapWalker;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Checks a map and takes its entries inside the target, through {@link MapWalker} defined there once (in the
 * system class loader) and called on a held thread: the whole table in one call, where {@link EntryWalk} takes a
 * JDWP round trip per entry. For the maps whose fields {@link EntryWalk} reads too (HashMap, LinkedHashMap,
 * WeakHashMap and their subclasses).
 */
final class InsideWalk {

    /** What {@link MapWalker#survey} found. */
    record Survey(long size, long reachable, long loopingBins, long sharedNodes, long inOrderList,
                  long orderNotInTable, long stale) {

        boolean damaged() {
            return !problems().isEmpty();
        }

        /**
         * Whether a look taken while the map was being written suggests damage: a loop, a shared node, or counts
         * further apart than the writes in flight can make them ({@code slack}).
         */
        boolean suspect(int slack) {
            return loopingBins > 0 || sharedNodes > 0 || Math.abs(size - reachable - stale) > slack
                    || inOrderList >= 0 && (Math.abs(inOrderList - reachable) > slack || orderNotInTable > slack);
        }

        String problems() {
            List<String> found = new java.util.ArrayList<>();
            if (loopingBins > 0) {
                found.add(loopingBins + " bin(s) with a cycle");
            }
            if (sharedNodes > 0) {
                found.add(sharedNodes + " node(s) in two bins");
            }
            if (size != reachable + stale) {
                found.add("size " + size + " but " + reachable + " entries reachable");
            }
            if (inOrderList >= 0 && (inOrderList != reachable || orderNotInTable > 0)) {
                found.add("the order list holds " + inOrderList + " entries, " + orderNotInTable
                        + " of them not in the table");
            }
            return String.join(", ", found);
        }
    }

    /**
     * The entries, as arrays in the target (kept from its collector until the caller lets them go), and the counts
     * of the walk that took them (no order list).
     */
    record Entries(ArrayReference keys, ArrayReference values, Survey counts) {
    }

    private InsideWalk() {
    }

    static boolean applies(String family) {
        return EntryWalk.walkable(family);
    }

    static Survey survey(TargetOps ops, ObjectReference map, String family) {
        ClassType walker = walker(ops);
        ArrayReference r = (ArrayReference) ops.invoker().callStatic(walker, "survey", "(Ljava/lang/Object;ZZ)[J",
                args(ops, map, family));
        letGo(walker);
        Survey s = counts(r);
        r.enableCollection();
        return s;
    }

    private static Survey counts(ArrayReference counts) {
        List<Value> v = counts.getValues();
        return new Survey(l(v, MapWalker.SIZE), l(v, MapWalker.REACHABLE), l(v, MapWalker.LOOPING_BINS),
                l(v, MapWalker.SHARED_NODES), l(v, MapWalker.IN_ORDER_LIST), l(v, MapWalker.ORDER_NOT_IN_TABLE),
                l(v, MapWalker.STALE));
    }

    static Entries entries(TargetOps ops, ObjectReference map, String family) {
        ClassType walker = walker(ops);
        ArrayReference both = (ArrayReference) ops.invoker().callStatic(walker, "entries",
                "(Ljava/lang/Object;ZZ)[Ljava/lang/Object;", args(ops, map, family));
        letGo(walker);
        ArrayReference keys = Invoker.kept((ArrayReference) both.getValue(0));
        ArrayReference values = Invoker.kept((ArrayReference) both.getValue(1));
        Survey counts = counts((ArrayReference) both.getValue(2));
        both.enableCollection();
        return new Entries(keys, values, counts);
    }

    /**
     * The walker's result is kept from the collector now ({@link Invoker#kept}): its own reference to it goes, so
     * that the entries of a large map do not stay reachable in the target. A walker defined by an older maprace has
     * no such field.
     */
    private static void letGo(ClassType walker) {
        com.sun.jdi.Field held = walker.fieldByName("held");
        if (held == null) {
            return;
        }
        try {
            walker.setValue(held, null);
        } catch (com.sun.jdi.InvalidTypeException | com.sun.jdi.ClassNotLoadedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Value> args(TargetOps ops, ObjectReference map, String family) {
        com.sun.jdi.VirtualMachine vm = ops.invoker().vm();
        return List.of(map, vm.mirrorOf(family.equals("java.util.WeakHashMap")),
                vm.mirrorOf(family.equals("java.util.LinkedHashMap")));
    }

    private static long l(List<Value> values, int index) {
        return ((LongValue) values.get(index)).value();
    }

    /**
     * Before the hold, with the map still in use: defines the walker in the target and warms it (tens of ms once),
     * and takes a first look at the map; null when maprace does not walk its family.
     */
    static Survey prepare(TargetOps ops, ObjectReference map) {
        ObjectReference inner = Swapper.innerOf(map);
        ObjectReference walked = inner != null ? inner : map;
        String family = Planner.family(walked.referenceType());
        if (!applies(family)) {
            return null;
        }
        ops.invoker().callStatic(walker(ops), "warm", "()J", List.of());
        return survey(ops, walked, family);
    }

    /** The walker's class in the target: defined by an earlier fix of this JVM, or now. */
    private static ClassType walker(TargetOps ops) {
        String name = MapWalker.class.getName();
        for (ReferenceType t : ops.invoker().vm().classesByName(name)) {
            if (t instanceof ClassType c && t.isInitialized()) {
                return c;
            }
        }
        return ops.define(name, bytes(), null);
    }

    private static byte[] bytes() {
        try (InputStream in = MapWalker.class.getResourceAsStream(MapWalker.class.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("maprace's jar lacks " + MapWalker.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
