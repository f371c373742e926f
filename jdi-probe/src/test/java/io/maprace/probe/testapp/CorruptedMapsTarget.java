package io.maprace.probe.testapp;

import io.maprace.heap.Corruptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target for the live tests: static fields holding maps corrupted on purpose (see {@link Corruptions}) next to
 * their healthy twins, maps behind thread-safe wrappers, maps reached through a registry, a custom Map and
 * threads' Runnables, and one damaged map that a thread keeps writing. Prints {@code ready pid=<pid>} when built;
 * answers {@code ping} on stdin with {@code pong <n>}, where n counts the work of a background thread (it only
 * grows if the target's threads run); exits when stdin closes or after {@code --seconds}.
 *
 * <p>Run with {@code --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang.ref=ALL-UNNAMED}.
 * {@code --maps N} adds N small maps in one static array (for timing and kill tests); {@code --big N} fills
 * {@link Large#MAP} with N entries (one map too big to read within a short timeout); {@code --deep 1} sets
 * {@link #deep}: a damaged map two objects away from its static field; {@code --crowd N} sets {@link #crowd}: one
 * object holding a map of N entries, then two damaged maps, in its fields in that order.
 */
public final class CorruptedMapsTarget {

    /** Damaged maps, each in its own static field. */
    static final class Broken {
        static final HashMap<String, Integer> BIN_CYCLE = Corruptions.binCycle();
        static final HashMap<String, Integer> WRONG_SIZE = Corruptions.wrongSize();
        static final HashMap<String, Integer> WRONG_BUCKET = Corruptions.wrongBucket();
        static final HashMap<String, Integer> TREE_BIN = Corruptions.brokenTreeBin();
        static final LinkedHashMap<String, Integer> LRU_LOOP = Corruptions.lruLoop();
        static final LinkedHashMap<String, Integer> LRU_CUT = Corruptions.lruCut();
        static final WeakHashMap<Object, Integer> WEAK_LEAK = Corruptions.leakedWeakEntry();
        static final IdentityHashMap<Object, Object> IDENTITY_FULL = Corruptions.fullIdentityMap();
        static final TreeMap<String, Integer> TREE_LOOP = Corruptions.treeMapLoop();
        static final HashSet<String> NEGATIVE_SET = Corruptions.negativeSet();
        /** Damaged (size off by 3) and written all the time by the thread "hot-writer". */
        static final HashMap<Integer, Integer> HOT_WRONG_SIZE = hotWrongSize();
    }

    /** The healthy twins: built the same way, left alone. */
    static final class Healthy {
        static final HashMap<String, Integer> BIN_OF_THREE = Corruptions.binOfThree();
        static final HashMap<String, Integer> PLAIN = Corruptions.plain(20);
        static final HashMap<String, Integer> TREE_BIN = Corruptions.treeBin();
        static final LinkedHashMap<String, Integer> LRU = Corruptions.lru(8);
        static final WeakHashMap<Object, Integer> WEAK = Corruptions.weak();
        static final IdentityHashMap<Object, Object> IDENTITY = Corruptions.identity();
        static final TreeMap<String, Integer> TREE = Corruptions.treeMap();
        static final HashSet<String> SET = Corruptions.set();
        /** Written all the time by the thread "hot-writer", never damaged (one writer). */
        static final HashMap<Integer, Integer> HOT = new HashMap<>();
    }

    /** Thread-safe holders: the maps inside must not be reported as unsafe. */
    static final class Safe {
        static final Map<String, Integer> SYNCHRONIZED = Collections.synchronizedMap(Corruptions.plain(5));
        static final Map<String, Integer> CONCURRENT = new ConcurrentHashMap<>(Corruptions.plain(5));
        static final Map<String, Integer> READ_ONLY = Collections.unmodifiableMap(Corruptions.plain(5));
    }

    /** A holder whose every method is synchronized: its map is guarded by its monitor. */
    static final class Counter {
        static final Counter INSTANCE = new Counter();
        private final Map<String, Integer> counts = new HashMap<>(Map.of("a", 1));

        synchronized void add(String key) {
            counts.merge(key, 1, Integer::sum);
        }

        synchronized int get(String key) {
            return counts.getOrDefault(key, 0);
        }
    }

    /** A correctly synchronized registry handing out objects that each hold a plain HashMap (race shape 4). */
    static final class Registry {
        static final Registry INSTANCE = new Registry();
        private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

        Registry() {
            for (int i = 0; i < 3; i++) {
                Tenant t = new Tenant();
                t.cache.put("k", i);
                tenants.put("tenant-" + i, t);
            }
        }
    }

    static final class Tenant {
        final Map<String, Integer> cache = new HashMap<>();
    }

    /** A custom Map that hides a HashMap inside (race shape 6). */
    static final class WrappingMap extends AbstractMap<Object, Object> {
        static final WrappingMap INSTANCE = new WrappingMap();
        private final Map<Object, Object> inner = new HashMap<>(Map.of("a", 1));

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return inner.entrySet();
        }
    }

    /** State that two threads share through their Runnables, and state one thread keeps to itself. */
    static final class Context {
        final Set<Object> inProgress = new HashSet<>();
    }

    static final class Worker implements Runnable {
        private final Context shared;
        private final Map<String, Integer> own = new HashMap<>(Map.of("mine", 1));
        private final Object lock;

        Worker(Context shared, Object lock) {
            this.shared = shared;
            this.lock = lock;
        }

        @Override
        public void run() {
            synchronized (lock) {
                while (true) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** One healthy map, as large as {@code --big} says. */
    static final class Large {
        static final HashMap<Integer, Integer> MAP = new HashMap<>();
    }

    /** A damaged map held by a field of an object held by a field of an object a static field holds. */
    static final class Deep {
        final Inner inner = new Inner();
    }

    static final class Inner {
        final HashMap<String, Integer> cache = Corruptions.binCycle();
    }

    static Deep deep;

    /** A large map met just before two small damaged ones: its fields are read in declaration order. */
    static final class Crowd {
        final HashMap<Integer, Integer> large = new HashMap<>();
        final HashMap<String, Integer> cycle = Corruptions.binCycle();
        final HashMap<String, Integer> wrongSize = Corruptions.wrongSize();
    }

    static Crowd crowd;
    static Object[] many = new Object[0];
    static final AtomicLong WORK = new AtomicLong();

    private static HashMap<Integer, Integer> hotWrongSize() {
        HashMap<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            m.put(i, i);
        }
        Corruptions.set(m, "size", 53);
        return m;
    }

    /**
     * Its class path in a child JVM: this module's test classes, heap-model's Corruptions and the samples' damage
     * builder.
     */
    public static String classpath() {
        return io.maprace.testkit.ChildJvm.classpath(CorruptedMapsTarget.class, io.maprace.heap.Corruptions.class,
                io.maprace.samples.corrupt.Damage.class);
    }

    public static void main(String[] args) throws Exception {
        long seconds = 120;
        int maps = 0;
        int big = 0;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Long.parseLong(args[i + 1]);
            } else if (args[i].equals("--maps")) {
                maps = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--big")) {
                big = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--deep") && args[i + 1].equals("1")) {
                deep = new Deep();
            } else if (args[i].equals("--crowd")) {
                Crowd c = new Crowd();
                for (int k = Integer.parseInt(args[i + 1]) - 1; k >= 0; k--) {
                    c.large.put(k, k);
                }
                crowd = c;
            }
        }
        for (int i = 0; i < big; i++) {
            Large.MAP.put(i, i);
        }
        Object[] all = new Object[maps];
        for (int i = 0; i < maps; i++) {
            Map<Integer, Integer> m = new HashMap<>();
            m.put(i, i);
            all[i] = m;
        }
        many = all;
        // Touch every holder so that its class is loaded and its statics are built before "ready".
        Object[] touch = {Broken.BIN_CYCLE, Healthy.PLAIN, Safe.SYNCHRONIZED, Registry.INSTANCE, WrappingMap.INSTANCE,
            Counter.INSTANCE, Large.MAP};
        Context shared = new Context();
        Object lock = new Object();
        new Thread(new Worker(shared, lock), "ctx-worker-1").start();
        new Thread(new Worker(shared, lock), "ctx-worker-2").start();
        Thread hot = new Thread(CorruptedMapsTarget::writeHot, "hot-writer");
        hot.setDaemon(true);
        hot.start();
        System.out.println("ready pid=" + ProcessHandle.current().pid() + " holders=" + touch.length);
        System.out.flush();
        Thread exit = new Thread(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("ping")) {
                        System.out.println("pong " + WORK.get());
                        System.out.flush();
                    }
                }
            } catch (Exception e) {
                // stdin closed
            }
            Runtime.getRuntime().halt(0);
        }, "stdin");
        exit.setDaemon(true);
        exit.start();
        // A damaged map only this stack frame holds: the walk from fields cannot reach it, a heap walk can.
        HashMap<String, Integer> onStackOnly = Corruptions.binCycle();
        Thread.sleep(seconds * 1000);
        Runtime.getRuntime().halt(onStackOnly.isEmpty() ? 1 : 0);
    }

    /**
     * One writer: puts and removes a key every 5 ms in two maps; counts its work. Often enough that every read of
     * the maps spans writes, rarely enough that a read seldom catches one halfway (a read that does cannot confirm
     * the damaged map without a hold, and all three of its reads must agree).
     */
    private static void writeHot() {
        int i = 0;
        while (true) {
            int k = 1000 + (i++ % 64);
            Healthy.HOT.put(k, k);
            Healthy.HOT.remove(k);
            Broken.HOT_WRONG_SIZE.put(k, k);
            Broken.HOT_WRONG_SIZE.remove(k);
            WORK.incrementAndGet();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
