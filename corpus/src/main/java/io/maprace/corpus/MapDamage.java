package io.maprace.corpus;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The drivers' own post-mortem check of a library's map, read through reflection after the workers stopped (under
 * the lock of a {@code Collections.synchronized*} wrapper, for a worker that would not stop in time): the ground
 * truth a maprace report is compared with. It reads fields only (a corrupted map can make {@code size()} or
 * an iteration spin forever) and every walk is bounded by the nodes already seen. Needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED}.
 */
final class MapDamage {

    /** What the check found on one map; {@code problems} is empty when the map is sound. */
    record Result(String path, String type, boolean checked, int size, int reachable, List<String> problems) {

        boolean damaged() {
            return !problems.isEmpty();
        }

        /** One machine-readable line: {@code corpus-check driver=.. map=.. type=.. damaged=.. ...}. */
        String line(String driver) {
            return "corpus-check driver=" + driver + " map=" + path + " type=" + type + " checked=" + checked
                    + " damaged=" + damaged() + " size=" + size + " reachable=" + reachable
                    + " problems=" + (problems.isEmpty() ? "none" : String.join(";", problems));
        }
    }

    private static final int MAX_NODES = 10_000_000;

    private MapDamage() {
    }

    /** Checks {@code map} (a map or set of java.util, possibly wrapped by {@code Collections.synchronized*}). */
    static Result check(String path, Object map) {
        String type = map.getClass().getName();
        if (type.startsWith("java.util.Collections$Synchronized")) {
            Class<?> wrapper = superclassOrSelf(map.getClass(), type);
            Object target = read(map, type.endsWith("Set") ? "c" : "m", wrapper);
            // A worker the run's end did not stop (the join waits 1 s; one expunge of a large WeakHashMap takes
            // longer) still writes under the wrapper's lock: read under it too, as the library's users do, or the
            // check sees a write half done and calls a sound map damaged.
            synchronized (read(map, "mutex", wrapper)) {
                return checkInner(path, type + "(" + target.getClass().getName() + ")", target);
            }
        }
        return checkInner(path, type, map);
    }

    private static Result checkInner(String path, String type, Object target) {
        if (target instanceof java.util.HashSet) {
            target = read(target, "map", java.util.HashSet.class);
        }
        if (target instanceof java.util.concurrent.ConcurrentMap) {
            return new Result(path, type, false, -1, -1, List.of());
        }
        if (target instanceof java.util.WeakHashMap) {
            return weak(path, type, target);
        }
        if (target instanceof java.util.HashMap) {
            return hash(path, type, target);
        }
        return new Result(path, type, false, -1, -1, List.of());
    }

    private static Class<?> superclassOrSelf(Class<?> c, String name) {
        // SynchronizedSet keeps its collection in SynchronizedCollection.c
        return name.endsWith("Set") ? c.getSuperclass() : c;
    }

    private static Result hash(String path, String type, Object map) {
        List<String> problems = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] counts = bins(map, java.util.HashMap.class, "java.util.HashMap$Node", seen, problems);
        if (map instanceof java.util.LinkedHashMap) {
            linked(map, seen, counts[0], problems);
        }
        return new Result(path, type, true, counts[0], counts[1], List.copyOf(dedupe(problems)));
    }

    private static Result weak(String path, String type, Object map) {
        List<String> problems = new ArrayList<>();
        int[] counts = bins(map, java.util.WeakHashMap.class, "java.util.WeakHashMap$Entry",
                Collections.newSetFromMap(new IdentityHashMap<>()), problems);
        return new Result(path, type, true, counts[0], counts[1], List.copyOf(dedupe(problems)));
    }

    /** The map's {@code size} against the entries its table reaches: returns {size, reachable}. */
    private static int[] bins(Object map, Class<?> owner, String nodeClass, Set<Object> seen, List<String> problems) {
        Object[] table = (Object[]) read(map, "table", owner);
        int size = (int) read(map, "size", owner);
        if (size < 0) {
            problems.add("negative-size");
        }
        int reachable = table == null ? 0 : walkBins(table, nodeClass, seen, problems);
        if (reachable != size) {
            problems.add("size-" + size + "-vs-reachable-" + reachable);
        }
        return new int[] {size, reachable};
    }

    /** The before/after list of a LinkedHashMap against its table. */
    private static void linked(Object map, Set<Object> inTable, int size, List<String> problems) {
        Object head = read(map, "head", java.util.LinkedHashMap.class);
        Object tail = read(map, "tail", java.util.LinkedHashMap.class);
        Set<Object> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        Object previous = null;
        Object e = head;
        for (; e != null; e = read(e, "after", e.getClass(), "java.util.LinkedHashMap$Entry")) {
            if (!listed.add(e)) {
                problems.add("linked-list-loop");
                break;
            }
            if (read(e, "before", e.getClass(), "java.util.LinkedHashMap$Entry") != previous) {
                problems.add("linked-list-before-mismatch");
            }
            if (!inTable.contains(e)) {
                problems.add("linked-entry-not-in-table");
            }
            previous = e;
            if (listed.size() > MAX_NODES) {
                break;
            }
        }
        if (e == null && previous != tail) {
            problems.add("linked-list-tail-mismatch");
        }
        if (listed.size() != size) {
            problems.add("linked-list-" + listed.size() + "-vs-size-" + size);
        }
        for (Object t : inTable) {
            if (!listed.contains(t)) {
                problems.add("table-entry-not-linked");
                break;
            }
        }
    }

    /**
     * Walks every bin of {@code table} along the {@code next} links of {@code nodeClass}, adding each node to
     * {@code seen}; records loops, nodes in two bins and nodes in the wrong bin. Returns the nodes reached.
     */
    private static int walkBins(Object[] table, String nodeClass, Set<Object> seen, List<String> problems) {
        int reachable = 0;
        for (int i = 0; i < table.length; i++) {
            Set<Object> bin = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Object e = table[i]; e != null; e = read(e, "next", e.getClass(), nodeClass)) {
                if (!bin.add(e)) {
                    problems.add("loop-in-bin-" + i);
                    break;
                }
                if (!seen.add(e)) {
                    problems.add("entry-in-two-bins");
                    break;
                }
                int hash = (int) read(e, "hash", e.getClass(), nodeClass);
                if ((hash & (table.length - 1)) != i) {
                    problems.add("entry-in-wrong-bin-" + i);
                }
                if (++reachable > MAX_NODES) {
                    problems.add("walk-limit");
                    return reachable;
                }
            }
        }
        return reachable;
    }

    private static List<String> dedupe(List<String> problems) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(problems));
    }

    private static Object read(Object target, String field, Class<?> declaring) {
        try {
            Field f = declaring.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + declaring.getName() + "." + field
                    + " (run with --add-opens java.base/java.util=ALL-UNNAMED): " + e, e);
        }
    }

    /** Reads {@code field} declared by {@code declaringName}, a superclass of {@code c} (node classes nest). */
    private static Object read(Object target, String field, Class<?> c, String declaringName) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().equals(declaringName)) {
                return read(target, field, k);
            }
        }
        throw new IllegalStateException(c.getName() + " is not a " + declaringName);
    }

    /** Reads a private field of a library object (the driver's way to the library's map). */
    static Object field(Object target, Class<?> declaring, String field) {
        return read(target, field, declaring);
    }
}
