package io.maprace.probe.fix;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target for the fix tests: racy maps behind every kind of reference a fix meets. Three writer threads put and
 * remove keys of a small key space in each, with no lock, until killed; {@code progress ops=N} lines show they
 * run. Prints {@code ready} once each has done a round.
 */
public final class FixTargets {

    /** A static final field, declared through the interface. */
    public static final Map<String, Integer> STATIC_FINAL = new HashMap<>();
    /** A second reference to {@link #STATIC_FINAL}: a map with two references. */
    public static Map<String, Integer> alias = STATIC_FINAL;
    public static final Holder HOLDER = new Holder();
    /** A third reference to {@link #STATIC_FINAL}, in an object's field: found only by a heap walk. */
    public static final Keeper KEEPER = new Keeper(STATIC_FINAL);
    public static final Map<String, Integer> SAFE = new ConcurrentHashMap<>();
    public static final Concrete CONCRETE = new Concrete();
    /** A field declared as an application LRU subclass of LinkedHashMap, bounded by its removeEldestEntry. */
    public static final Lru<String, Integer> LRU = new Lru<>(50);
    public static final FinalApp FINAL_APP = new FinalApp();
    public static final Sorted SORTED = new Sorted();
    /** Per-tenant racy caches reached through a registry: {@code REGISTRY[*].cache}. */
    public static final Map<String, Tenant> REGISTRY = new ConcurrentHashMap<>();

    /** The same registry behind a JDK wrapper: {@code [*]} sees through it. */
    public static final Map<String, Tenant> WRAPPED_REGISTRY = java.util.Collections.unmodifiableMap(REGISTRY);

    static {
        for (String name : List.of("a", "b", "c")) {
            REGISTRY.put(name, new Tenant());
        }
    }
    /** The key space, as the same String objects every time (an IdentityHashMap tells keys by identity). */
    private static final String[] KEYS = new String[200];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "k" + i;
        }
    }

    /** Final instance fields declared through interfaces: an ordered map and a set. */
    public static final class Holder {
        private final Map<String, Integer> map = new LinkedHashMap<>();
        private final Set<String> set = new HashSet<>();

        void write(String k, String other) {
            map.put(k, 1);
            map.remove(other);
            set.add(k);
            set.remove(other);
        }
    }

    /** Holds a map it was given and reads it through its own field. */
    public static final class Keeper {
        private Map<String, Integer> kept;

        Keeper(Map<String, Integer> kept) {
            this.kept = kept;
        }

        int count() {
            return kept.size();
        }
    }

    /** A field declared as the concrete HashMap. */
    public static final class Concrete {
        final HashMap<String, Integer> map = new HashMap<>();

        void write(String k, String other) {
            map.put(k, 1);
            map.remove(other);
        }
    }

    /** An access-ordered LinkedHashMap that evicts past {@code maxSize}: racing, it stops evicting. */
    public static class Lru<K, V> extends LinkedHashMap<K, V> {
        private final int maxSize;

        public Lru(int maxSize) {
            super(16, 0.75f, true);
            this.maxSize = maxSize;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > maxSize;
        }
    }

    static void useLru(String k) {
        if (LRU.get(k) == null) {
            LRU.put(k, 1);
        }
    }

    /**
     * Fields declared as the concrete TreeMap and IdentityHashMap. maprace cannot rebuild a damaged one, so until
     * it replaces them with a synchronized subclass their writers take turns under a lock of their own; after,
     * they write without it, and the maps must stay intact all the same.
     */
    public static final class Sorted {
        final TreeMap<String, Integer> map = new TreeMap<>();
        final IdentityHashMap<String, Integer> identity = new IdentityHashMap<>();
        private final Object turns = new Object();

        void write(String k, String other) {
            write(map, TreeMap.class, k, other);
            write(identity, IdentityHashMap.class, k, other);
        }

        /** Under the lock while the map is still of its own class; without, once maprace replaced it. */
        private void write(Map<String, Integer> m, Class<?> unfixed, String k, String other) {
            if (m.getClass() == unfixed) {
                synchronized (turns) {
                    m.put(k, 1);
                    m.remove(other);
                }
            } else {
                m.put(k, 1);
                m.remove(other);
            }
        }
    }

    public static final class Tenant {
        private final Map<String, Integer> cache = new HashMap<>();

        void write(String k, String other) {
            cache.put(k, 1);
            cache.remove(other);
        }
    }

    /** A final application map class: nothing but an instance of it fits its field. */
    public static final class FinalMap extends HashMap<String, Integer> {
    }

    public static final class FinalApp {
        final FinalMap map = new FinalMap();

        void write(String k) {
            map.put(k, 1);
        }
    }

    private static final AtomicLong OPS = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();

    static void writeStatic(String k, String other) {
        STATIC_FINAL.put(k, 1);
        STATIC_FINAL.remove(other);
    }

    static void writeAlias(String k) {
        alias.put(k, 2);
    }

    private static void round() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 100; i++) {
            String k = KEYS[r.nextInt(KEYS.length)];
            String other = KEYS[r.nextInt(KEYS.length)];
            writeStatic(k, other);
            writeAlias(other);
            HOLDER.write(k, other);
            CONCRETE.write(k, other);
            FINAL_APP.write(k);
            SORTED.write(k, other);
            for (Tenant t : REGISTRY.values()) {
                t.write(k, other);
            }
            SAFE.put(k, 1);
            useLru(k);
        }
        KEEPER.count();
        OPS.addAndGet(100);
    }

    /** A race can make map code throw; the writer goes on, as a server's request loop would. */
    private static void safeRound() {
        try {
            round();
        } catch (RuntimeException e) {
            ERRORS.incrementAndGet();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = 3;
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(threads);
        for (int t = 1; t <= threads; t++) {
            Thread w = new Thread(() -> {
                safeRound();
                started.countDown();
                while (true) {
                    safeRound();
                }
            }, "fix-writer-" + t);
            w.setDaemon(true);
            w.start();
        }
        started.await();
        System.out.println("ready");
        for (long s = 1; s < 600; s++) {
            Thread.sleep(500);
            System.out.println("progress t=" + s + " ops=" + OPS.get() + " errors=" + ERRORS.get());
        }
    }
}
