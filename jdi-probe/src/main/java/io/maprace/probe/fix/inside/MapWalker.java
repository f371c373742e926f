package io.maprace.probe.fix.inside;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Runs inside the target, never in maprace: {@code fix} defines this class in the target JVM and calls it on a
 * held thread, so that a map is checked and its entries taken at memory speed instead of one JDWP round trip per
 * entry (seconds for a map of 10k entries, minutes at 100k, while the map's users wait). It reads the fields of
 * {@code HashMap}, {@code LinkedHashMap} and {@code WeakHashMap} through {@code sun.misc.Unsafe} (module
 * {@code jdk.unsupported}, open to every class; {@code java.util} itself is not). It never calls a method of the
 * map, its keys or its values: a corrupted map's own methods may loop. It follows the {@code next} chains of the
 * bins (a tree bin keeps one too), not a tree bin's tree links: the plan's integrity checks see a tree's shape.
 * Uses only {@code java.base} and {@code jdk.unsupported}.
 */
public final class MapWalker {

    /** What {@link #survey} returns, by index. */
    public static final int SIZE = 0;
    public static final int REACHABLE = 1;
    public static final int LOOPING_BINS = 2;
    public static final int SHARED_NODES = 3;
    /** Entries reached along a LinkedHashMap's order list, -1 for other maps. */
    public static final int IN_ORDER_LIST = 4;
    /** Order-list entries that are not in the table (removed, still linked). */
    public static final int ORDER_NOT_IN_TABLE = 5;
    /** Nodes whose weak key was collected, not yet expunged. */
    public static final int STALE = 6;

    /**
     * The last result, kept reachable until maprace has taken hold of it and cleared this: the target may collect
     * an object nothing references between the call's return and the debugger's {@code disableCollection}.
     */
    public static volatile Object held;

    private static final MethodHandle GET_OBJECT;
    private static final MethodHandle GET_INT;
    private static final MethodHandle OFFSET;
    private static final Object UNSAFE;

    static {
        try {
            Class<?> u = Class.forName("sun.misc.Unsafe");
            Field f = u.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = f.get(null);
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            GET_OBJECT = l.findVirtual(u, "getObject", MethodType.methodType(Object.class, Object.class, long.class))
                    .bindTo(UNSAFE);
            GET_INT = l.findVirtual(u, "getInt", MethodType.methodType(int.class, Object.class, long.class))
                    .bindTo(UNSAFE);
            OFFSET = l.findVirtual(u, "objectFieldOffset", MethodType.methodType(long.class, Field.class))
                    .bindTo(UNSAFE);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private MapWalker() {
    }

    /** The map's layout for its family: offsets of the fields read, by index (-1: none). */
    private static final int TABLE = 0;
    private static final int SIZE_FIELD = 1;
    private static final int NEXT = 2;
    private static final int KEY = 3;
    private static final int VALUE = 4;
    private static final int HEAD = 5;
    private static final int AFTER = 6;

    // one class, no nested ones: maprace defines just this class in the target
    private static long[] layout(boolean weak, boolean linked) throws ReflectiveOperationException {
        Class<?> map = weak ? java.util.WeakHashMap.class : java.util.HashMap.class;
        Class<?> node = Class.forName(weak ? "java.util.WeakHashMap$Entry" : "java.util.HashMap$Node");
        return new long[] {offset(map, "table"), offset(map, "size"), offset(node, "next"),
                weak ? -1 : offset(node, "key"), offset(node, "value"),
                linked ? offset(java.util.LinkedHashMap.class, "head") : -1,
                linked ? offset(Class.forName("java.util.LinkedHashMap$Entry"), "after") : -1};
    }

    private static long offset(Class<?> c, String name) throws ReflectiveOperationException {
        try {
            return (long) OFFSET.invokeExact(c.getDeclaredField(name));
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Object get(Object o, long offset) {
        try {
            return (Object) GET_OBJECT.invokeExact(o, offset);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int getInt(Object o, long offset) {
        try {
            return (int) GET_INT.invokeExact(o, offset);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The map's health: see the index constants. Every bin's chain is followed until it ends or meets a node met
     * before (a loop, or a node shared by two bins); the order list of a LinkedHashMap until it ends, loops or
     * has gone further than the table's entries.
     */
    public static long[] survey(Object map, boolean weak, boolean linked) throws ReflectiveOperationException {
        long[] l = layout(weak, linked);
        long[] out = new long[7];
        out[SIZE] = getInt(map, l[SIZE_FIELD]);
        out[IN_ORDER_LIST] = -1;
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        walkTable(map, l, weak, seen, out, null, null, null);
        if (linked) {
            long inList = 0;
            long notInTable = 0;
            IdentityHashMap<Object, Boolean> listed = new IdentityHashMap<>();
            for (Object e = get(map, l[HEAD]); e != null && listed.put(e, Boolean.TRUE) == null
                    && inList <= seen.size(); e = get(e, l[AFTER])) {
                inList++;
                if (!seen.containsKey(e)) {
                    notInTable++;
                }
            }
            out[IN_ORDER_LIST] = inList;
            out[ORDER_NOT_IN_TABLE] = notInTable;
        }
        held = out;
        return out;
    }

    /**
     * Runs every path once on small maps of its own, so that the method handles are linked and the code warm
     * before a call made while the map's users are held.
     */
    public static long warm() throws ReflectiveOperationException {
        java.util.HashMap<Object, Object> hash = new java.util.HashMap<>();
        java.util.LinkedHashMap<Object, Object> linked = new java.util.LinkedHashMap<>();
        java.util.WeakHashMap<Object, Object> weak = new java.util.WeakHashMap<>();
        for (int i = 0; i < 64; i++) {
            hash.put(i, i);
            linked.put(i, i);
            weak.put(Integer.valueOf(i), i); // cached boxes: never collected
        }
        long sum = 0;
        for (int round = 0; round < 200; round++) {
            sum += survey(hash, false, false)[REACHABLE] + survey(linked, false, true)[REACHABLE]
                    + survey(weak, true, false)[REACHABLE];
        }
        return sum + ((Object[]) entries(linked, false, true)[0]).length + ((Object[]) entries(weak, true, false)[0]).length;
    }

    /**
     * The distinct entries reached from the table, in table order (a LinkedHashMap's in its order list first, as
     * far as that list is sound), each node once, and the counts {@link #survey} gives but the order list's:
     * {@code {Object[] keys, Object[] values, long[] counts}}. Nodes whose weak key was collected are left out.
     */
    public static Object[] entries(Object map, boolean weak, boolean linked) throws ReflectiveOperationException {
        long[] l = layout(weak, linked);
        long[] counts = new long[7];
        counts[SIZE] = getInt(map, l[SIZE_FIELD]);
        counts[IN_ORDER_LIST] = -1;
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (!linked) {
            walkTable(map, l, weak, new IdentityHashMap<>(), counts, null, keys, values);
        } else {
            IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
            walkTable(map, l, weak, seen, counts, null, null, null);
            // the order first, for the entries the table holds (an access-ordered LRU keeps its eviction order)
            IdentityHashMap<Object, Boolean> taken = new IdentityHashMap<>();
            for (Object e = get(map, l[HEAD]); e != null && seen.containsKey(e) && taken.put(e, Boolean.TRUE) == null;
                 e = get(e, l[AFTER])) {
                keys.add(get(e, l[KEY]));
                values.add(get(e, l[VALUE]));
            }
            walkTable(map, l, weak, new IdentityHashMap<>(), new long[7], taken, keys, values);
        }
        Object[] taken = {keys.toArray(), values.toArray(), counts};
        held = taken;
        return taken;
    }

    /**
     * Follows every bin; counts into {@code out}; when {@code keys} is given, adds the key and value of each node
     * not in {@code skip} (and not stale) to {@code keys} and {@code values}.
     */
    private static void walkTable(Object map, long[] l, boolean weak, IdentityHashMap<Object, Boolean> seen, long[] out,
                                  IdentityHashMap<Object, Boolean> skip, List<Object> keys, List<Object> values) {
        Object[] table = (Object[]) get(map, l[TABLE]);
        if (table == null) {
            return;
        }
        for (Object first : table) {
            int steps = 0;
            for (Object e = first; e != null; e = get(e, l[NEXT]), steps++) {
                if (seen.put(e, Boolean.TRUE) != null) {
                    // met before: this bin loops back on itself, or shares a node with another bin
                    out[inChain(first, e, steps, l) ? LOOPING_BINS : SHARED_NODES]++;
                    break;
                }
                Object key = weak ? ((Reference<?>) e).get() : get(e, l[KEY]);
                if (weak && key == null) {
                    out[STALE]++;
                    continue;
                }
                out[REACHABLE]++;
                if (keys != null && (skip == null || !skip.containsKey(e))) {
                    keys.add(key);
                    values.add(get(e, l[VALUE]));
                }
            }
        }
    }

    /** Whether {@code node} is among the first {@code steps} nodes of {@code first}'s chain. */
    private static boolean inChain(Object first, Object node, int steps, long[] l) {
        Object e = first;
        for (int i = 0; i < steps && e != null; i++, e = get(e, l[NEXT])) {
            if (e == node) {
                return true;
            }
        }
        return false;
    }
}
