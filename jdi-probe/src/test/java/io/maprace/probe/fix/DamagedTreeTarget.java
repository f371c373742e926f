package io.maprace.probe.fix;

import io.maprace.samples.corrupt.CorruptedMaps;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A target for the fix tests: a map whose tree bin is no red-black tree any more (a red node with a red child, as
 * racing inserts leave it). Its chains are intact, so lookups still work and only the integrity checks see the
 * damage. Two threads read it until killed (with the argument {@code large}, the larger map instead; {@code lru}
 * and {@code sizeoff}, the maps so named); prints
 * {@code ready} once both have.
 */
public final class DamagedTreeTarget {

    public static final Map<String, String> TREE_RED_RED = CorruptedMaps.newTreeBinRedRed();

    /** The same damage in a map larger than {@link Swapper#BARRIER_WALK_LIMIT}: a swap takes its size field only. */
    public static final Map<String, String> LARGE_TREE_RED_RED = largeRedRed(3000);

    /** An intact map too large for the plan's walk ({@link Planner#HEALTH_WALK_LIMIT}): only its size is read. */
    public static final Map<String, String> LARGE_INTACT = intact(20_000);

    /**
     * A TreeMap whose count is off from its entries (5 more), as racing puts and removes leave it, declared as a
     * TreeMap: maprace can swap in a synchronized subclass but cannot rebuild one.
     */
    public static final java.util.TreeMap<String, String> SIZE_OFF_TREE = sizeOff(new java.util.TreeMap<>(), 400, 5);

    /**
     * An application subclass of LinkedHashMap (bounded by its removeEldestEntry) whose order list skips an entry,
     * as a racing put and remove leave it: it must be rebuilt as itself, its own field kept.
     */
    public static final Map<String, String> APP_LRU_CUT = cutOrderList(new Bounded(64), 40);

    /** An application LRU: evicts past {@code maxSize}. */
    public static final class Bounded extends java.util.LinkedHashMap<String, String> {
        private final int maxSize;

        Bounded(int maxSize) {
            this.maxSize = maxSize;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > maxSize;
        }
    }

    private static Map<String, String> cutOrderList(java.util.LinkedHashMap<String, String> map, int entries) {
        for (int i = 0; i < entries; i++) {
            map.put("k" + i, "v");
        }
        try {
            Field head = java.util.LinkedHashMap.class.getDeclaredField("head");
            head.setAccessible(true);
            Class<?> entry = Class.forName("java.util.LinkedHashMap$Entry");
            Field after = entry.getDeclaredField("after");
            after.setAccessible(true);
            Object first = head.get(map);
            after.set(first, after.get(after.get(first))); // the second entry drops out of the order list
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return map;
    }

    private static Map<String, String> intact(int entries) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            map.put("i" + i, "v");
        }
        return map;
    }

    private static java.util.TreeMap<String, String> sizeOff(java.util.TreeMap<String, String> map, int entries,
                                                             int extra) {
        for (int i = 0; i < entries; i++) {
            map.put("k" + i, "v");
        }
        try {
            Field size = java.util.TreeMap.class.getDeclaredField("size");
            size.setAccessible(true);
            size.setInt(map, entries + extra);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return map;
    }

    static void readSizeOff(String k) {
        SIZE_OFF_TREE.get(k);
    }

    static void readLru(String k) {
        APP_LRU_CUT.get(k);
    }

    static void read(String k) {
        TREE_RED_RED.get(k);
    }

    static void readLarge(String k) {
        LARGE_TREE_RED_RED.get(k);
    }

    private static Map<String, String> largeRedRed(int entries) {
        HashMap<String, String> map = new HashMap<>(8192); // never resized here: the tree bin stays as built
        for (int i = 0; i < entries; i++) {
            map.put("e" + i, "v");
        }
        String first = null;
        for (int b = 0; b < 16; b++) { // "Aa" and "BB" hash alike: 16 keys of one hash make a tree bin
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                k.append((b >> i & 1) == 0 ? "Aa" : "BB");
            }
            first = first == null ? k.toString() : first;
            map.put(k.toString(), "v");
        }
        try {
            Field table = HashMap.class.getDeclaredField("table");
            table.setAccessible(true);
            Object[] tab = (Object[]) table.get(map);
            int h = first.hashCode();
            Object root = tab[(tab.length - 1) & (h ^ (h >>> 16))]; // a tree bin's root is its first node
            Class<?> node = Class.forName("java.util.HashMap$TreeNode");
            Field left = node.getDeclaredField("left");
            Field right = node.getDeclaredField("right");
            Field red = node.getDeclaredField("red");
            for (Field f : new Field[] {left, right, red}) {
                f.setAccessible(true);
            }
            for (Object child : new Object[] {left.get(root), right.get(root)}) {
                Object grandchild = child == null ? null : left.get(child) != null ? left.get(child) : right.get(child);
                if (grandchild != null) {
                    red.setBoolean(child, true);
                    red.setBoolean(grandchild, true);
                    return map;
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the colliding keys made no tree bin of three levels");
    }

    public static void main(String[] args) throws InterruptedException {
        boolean large = args.length > 0 && args[0].equals("large");
        boolean lru = args.length > 0 && args[0].equals("lru");
        boolean sizeOff = args.length > 0 && args[0].equals("sizeoff");
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    int k = ThreadLocalRandom.current().nextInt(100);
                    if (large) {
                        readLarge("e" + k);
                    } else if (lru) {
                        readLru("k" + k);
                    } else if (sizeOff) {
                        readSizeOff("k" + k);
                    } else {
                        read("k" + k);
                    }
                    if (ThreadLocalRandom.current().nextInt(1000) == 0) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "tree-reader-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
