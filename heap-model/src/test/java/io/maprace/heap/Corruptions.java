package io.maprace.heap;

import io.maprace.samples.corrupt.Damage;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * Maps broken on purpose, deterministically, by writing their internal fields through reflection: each stands for
 * the damage a race leaves behind. Each has a healthy twin built the same way and left alone. Needs
 * {@code --add-opens java.base/java.util} and {@code java.base/java.lang.ref}. The damage shared with the corrupt
 * samples (bin cycles, tree bins, cleared weak entries) is the samples' {@link Damage}.
 */
public final class Corruptions {

    private Corruptions() {
    }

    /** {@code n} distinct strings that all have the hash code of "Aa" repeated (2^blocks of them). */
    public static List<String> colliding(int blocks) {
        List<String> out = new ArrayList<>(List.of(""));
        for (int b = 0; b < blocks; b++) {
            List<String> next = new ArrayList<>();
            for (String s : out) {
                next.add(s + "Aa");
                next.add(s + "BB");
            }
            out = next;
        }
        return out;
    }

    /** Three colliding keys in one bin, the last entry linked back to the first. */
    public static HashMap<String, Integer> binCycle() {
        HashMap<String, Integer> m = binOfThree();
        Damage.cycleBin(m, Damage.firstCrowdedBin(m));
        return m;
    }

    /** The twin of {@link #binCycle()}: same keys, untouched. */
    public static HashMap<String, Integer> binOfThree() {
        HashMap<String, Integer> m = new HashMap<>();
        int i = 0;
        for (String k : colliding(2).subList(0, 3)) {
            m.put(k, i++);
        }
        m.put("other", 42);
        return m;
    }

    /** A size that does not match the entries (a lost increment). */
    public static HashMap<String, Integer> wrongSize() {
        HashMap<String, Integer> m = plain(20);
        set(m, "size", 23);
        return m;
    }

    public static HashMap<String, Integer> plain(int n) {
        HashMap<String, Integer> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("key-" + i, i);
        }
        return m;
    }

    /** An entry moved to a bin its hash does not select. */
    public static HashMap<String, Integer> wrongBucket() {
        HashMap<String, Integer> m = plain(4);
        Object[] table = (Object[]) get(m, "table");
        int from = -1;
        int to = -1;
        for (int i = 0; i < table.length; i++) {
            if (table[i] != null && get(table[i], "next") == null && from < 0) {
                from = i;
            } else if (table[i] == null && to < 0) {
                to = i;
            }
        }
        table[to] = table[from];
        table[from] = null;
        return m;
    }

    /** A treeified bin (16 colliding keys) whose root is coloured red and whose first child's parent is wrong. */
    public static HashMap<String, Integer> brokenTreeBin() {
        HashMap<String, Integer> m = treeBin();
        Object root = Damage.binHead(m, Damage.firstCrowdedBin(m));
        Damage.paint(root, true);
        Damage.reparent(Damage.treeChild(root, true), Damage.treeChild(root, false));
        return m;
    }

    public static HashMap<String, Integer> treeBin() {
        HashMap<String, Integer> m = new HashMap<>(128);
        int i = 0;
        for (String k : colliding(4)) {
            m.put(k, i++);
        }
        return m;
    }

    /** An access-ordered LRU whose order list is closed into a loop (tail.after = head). */
    public static LinkedHashMap<String, Integer> lruLoop() {
        LinkedHashMap<String, Integer> m = lru(8);
        set(get(m, "tail"), "after", get(m, "head"));
        return m;
    }

    /** An access-ordered LRU whose order list is cut after its second entry. */
    public static LinkedHashMap<String, Integer> lruCut() {
        LinkedHashMap<String, Integer> m = lru(8);
        set(get(get(m, "head"), "after"), "after", null);
        return m;
    }

    public static LinkedHashMap<String, Integer> lru(int n) {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>(16, 0.75f, true);
        for (int i = 0; i < n; i++) {
            m.put("lru-" + i, i);
        }
        m.get("lru-0");
        return m;
    }

    /**
     * A WeakHashMap entry whose key was collected and which was already taken off the reference queue, yet is
     * still in the table: what a race between two expunging threads leaves.
     */
    public static WeakHashMap<Object, Integer> leakedWeakEntry() {
        WeakHashMap<Object, Integer> m = weak();
        Damage.clearWeakEntries(m, 1);
        Object[] table = (Object[]) get(m, "table");
        for (Object e : table) {
            if (e != null) {
                set(e, "queue", staticField(java.lang.ref.ReferenceQueue.class, "NULL", "NULL_QUEUE"));
                break;
            }
        }
        return m;
    }

    /** Keys that stay reachable, so that the healthy twin stays healthy under GC. */
    public static final List<Object> WEAK_KEYS = new ArrayList<>();

    public static WeakHashMap<Object, Integer> weak() {
        WeakHashMap<Object, Integer> m = new WeakHashMap<>();
        for (int i = 0; i < 5; i++) {
            Object k = "weak-" + i + "-" + System.identityHashCode(m);
            WEAK_KEYS.add(k);
            m.put(k, i);
        }
        return m;
    }

    /** A WeakHashMap entry whose reference was cleared with clear(), which does not enqueue it: never expunged. */
    public static WeakHashMap<Object, Integer> clearedWeakEntry() {
        WeakHashMap<Object, Integer> m = weak();
        Damage.clearWeakEntries(m, 1);
        return m;
    }

    /** An IdentityHashMap whose every slot is taken (it always keeps one free). */
    public static IdentityHashMap<Object, Object> fullIdentityMap() {
        IdentityHashMap<Object, Object> m = identity();
        Object[] table = (Object[]) get(m, "table");
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] == null) {
                table[i] = new Object();
                table[i + 1] = "filler";
            }
        }
        set(m, "size", table.length / 2);
        return m;
    }

    public static IdentityHashMap<Object, Object> identity() {
        IdentityHashMap<Object, Object> m = new IdentityHashMap<>(4);
        for (int i = 0; i < 4; i++) {
            m.put(new Object(), "v" + i);
        }
        return m;
    }

    /** A TreeMap whose leaf links back to the root. */
    public static TreeMap<String, Integer> treeMapLoop() {
        TreeMap<String, Integer> m = treeMap();
        Object e = get(m, "root");
        while (get(e, "left") != null) {
            e = get(e, "left");
        }
        set(e, "left", get(m, "root"));
        return m;
    }

    /** A TreeMap whose root and its left child swapped keys: links intact, search order broken. */
    public static TreeMap<String, Integer> treeMapBadOrder() {
        TreeMap<String, Integer> m = treeMap();
        Object root = get(m, "root");
        Object left = get(root, "left");
        Object k = get(root, "key");
        set(root, "key", get(left, "key"));
        set(left, "key", k);
        return m;
    }

    public static TreeMap<String, Integer> treeMap() {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            m.put("tree-" + i, i);
        }
        return m;
    }

    /** A HashSet whose map says it holds -1 elements (more removes than adds counted). */
    public static HashSet<String> negativeSet() {
        HashSet<String> s = set();
        set(get(s, "map"), "size", -1);
        return s;
    }

    public static HashSet<String> set() {
        return new HashSet<>(List.of("a", "b", "c"));
    }

    static Object staticField(Class<?> c, String... names) {
        for (String n : names) {
            try {
                Field f = c.getDeclaredField(n);
                f.setAccessible(true);
                return f.get(null);
            } catch (NoSuchFieldException e) {
                // try the next name (renamed between JDK versions)
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("none of " + List.of(names) + " in " + c);
    }

    public static Object get(Object o, String name) {
        try {
            Field f = field(o.getClass(), name);
            return f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void set(Object o, String name, Object value) {
        try {
            Field f = field(o.getClass(), name);
            f.set(o, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        throw new NoSuchFieldException(name + " in " + c);
    }
}
