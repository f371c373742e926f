package io.maprace.samples.bench;

import io.maprace.samples.Keys;
import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A throughput target for benchmarks. Holds {@code --maps N} small maps in the static array {@link #population}
 * (a heap with many map instances, for timing a scan: 10k, 100k, 1m), and runs {@code --threads} workers that do
 * map operations on a map of their own and, once every {@code --shared-every N} operations (default 256), write the
 * shared, racy {@link #SHARED} map. The progress lines' {@code opsPerSec} (thread-local plus shared operations) is
 * what a benchmark compares with and without a probe attached.
 *
 * <p>With {@code --value-bytes N} each map of the population holds two values of its own, byte arrays of N bytes,
 * instead of two boxed integers shared by all: a large heap (a heap dump of several GB) from fewer maps.
 *
 * <p>With {@code --locked 1} every shared write is made under the map's monitor: the same work, no race (a watch
 * never proves it and samples all along).
 *
 * <p>Racy map: {@code BusyMaps.SHARED}. Writes: {@link #recordShared}, {@link #forgetShared}. The thread-local maps
 * are written by {@link #localWork}; the population is never written after it is built.
 */
public final class BusyMaps implements SampleProgram {

    /** Written without a lock by every worker, at a steady share of the operations. */
    public static final Map<String, Long> SHARED = new HashMap<>();

    /** The map population: 70% HashMap, 20% LinkedHashMap, 10% TreeMap, two entries each. Set by start. */
    public static volatile Map<?, ?>[] population = new Map<?, ?>[0];

    private static final String[] SHARED_KEYS = Keys.spread("shared-", 128, 2, 64, Set.of()).toArray(String[]::new);
    private static final int LOCAL_KEYS = 1024;

    /** Whether the shared writes take the map's monitor ({@code --locked 1}). Set by start. */
    private static volatile boolean locked;

    private final LongAdder sharedWrites = new LongAdder();

    public static void main(String[] args) {
        SampleMain.main(new BusyMaps(), args);
    }

    @Override
    public String name() {
        return "busy-maps";
    }

    @Override
    public Map<String, Long> extraOptions() {
        Map<String, Long> options = new LinkedHashMap<>();
        options.put("maps", 10_000L);
        options.put("shared-every", 256L);
        options.put("locked", 0L);
        options.put("value-bytes", 0L);
        return options;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        population = populate(Math.toIntExact(options.extra("maps")), Math.toIntExact(options.extra("value-bytes")));
        locked = options.extra("locked") != 0;
        int sharedEvery = (int) Math.max(1, Math.min(1 << 20, options.extra("shared-every")));
        workers.writers("busy-worker", options.threads(), sharedEvery + 1, i -> new LocalWork(i, sharedEvery));
    }

    private static Map<?, ?>[] populate(int count, int valueBytes) {
        Map<?, ?>[] maps = new Map<?, ?>[count];
        Integer one = 1;
        Integer two = 2;
        for (int i = 0; i < count; i++) {
            Map<String, Object> map = switch (i % 10) {
                case 0 -> new TreeMap<>();
                case 1, 2 -> new LinkedHashMap<>();
                default -> new HashMap<>();
            };
            map.put("a", valueBytes > 0 ? new byte[valueBytes] : one);
            map.put("b", valueBytes > 0 ? new byte[valueBytes] : two);
            maps[i] = map;
        }
        return maps;
    }

    /** One thread's work: {@code sharedEvery} operations on its own map, then one write to the shared map. */
    private final class LocalWork implements Runnable {
        private final HashMap<Integer, Integer> local = new HashMap<>();
        private final Integer[] keys = new Integer[LOCAL_KEYS];
        private final int sharedEvery;
        private final int worker;
        private int next;
        private long steps;
        private long found; // read by nobody: keeps the lookups' results alive

        LocalWork(int worker, int sharedEvery) {
            this.worker = worker;
            this.sharedEvery = sharedEvery;
            for (int i = 0; i < LOCAL_KEYS; i++) {
                keys[i] = i; // boxed once, so the loop does not allocate
                local.put(keys[i], keys[i]);
            }
        }

        @Override
        public void run() {
            found += localWork(local, keys, next, sharedEvery);
            next += sharedEvery + 1;
            String key = SHARED_KEYS[(int) ((steps++ * 31 + worker) & (SHARED_KEYS.length - 1))];
            if ((steps & 1) == 0) {
                recordShared(key);
            } else {
                forgetShared(key);
            }
            sharedWrites.increment();
        }
    }

    /**
     * {@code count} operations on a thread-local map (get, remove, put in turn), starting at key index
     * {@code start}; returns how many found a value, so that the JIT cannot drop the lookups.
     */
    static int localWork(HashMap<Integer, Integer> local, Integer[] keys, int start, int count) {
        int found = 0;
        for (int n = 0; n < count; n++) {
            Integer key = keys[(start + n) & (keys.length - 1)];
            Integer value = switch (n % 3) {
                case 0 -> local.get(key);
                case 1 -> local.remove(key);
                default -> local.put(key, key);
            };
            if (value != null) {
                found++;
            }
        }
        return found;
    }

    /** One write to the shared map, without a lock (under its monitor with {@code --locked 1}). */
    static void recordShared(String key) {
        if (locked) {
            synchronized (SHARED) {
                SHARED.put(key, System.nanoTime());
            }
        } else {
            SHARED.put(key, System.nanoTime());
        }
    }

    /** One removal from the shared map, without a lock (under its monitor with {@code --locked 1}). */
    static void forgetShared(String key) {
        if (locked) {
            synchronized (SHARED) {
                SHARED.remove(key);
            }
        } else {
            SHARED.remove(key);
        }
    }

    @Override
    public String facts() {
        return "maps=" + population.length + " sharedWrites=" + sharedWrites.sum();
    }
}
