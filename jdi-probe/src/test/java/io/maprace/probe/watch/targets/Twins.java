package io.maprace.probe.watch.targets;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The correct twins: each writes a shared map in a way that is not a race. Run as {@code Twins <name>}. */
public final class Twins {

    /** Every write under one common monitor. */
    static final class CommonLock {
        static final Object LOCK = new Object();
        static final Map<String, String> MAP = new HashMap<>();

        static void write(String k) {
            synchronized (LOCK) {
                MAP.put(k, k);
                MAP.remove(TargetMain.key(100));
            }
        }
    }

    /** An LRU whose get and put both take the write lock. */
    static final class WriteLocked {
        static final WriteLocked INSTANCE = new WriteLocked();
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        private final Map<String, String> map = new LinkedHashMap<>(16, 0.75f, true);

        String get(String k) {
            lock.writeLock().lock();
            try {
                return map.get(k);
            } finally {
                lock.writeLock().unlock();
            }
        }

        void put(String k, String v) {
            lock.writeLock().lock();
            try {
                map.put(k, v);
                if (map.size() > 100) {
                    map.remove(map.keySet().iterator().next());
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** One thread writes; the others only read. */
    static final class SingleWriter {
        static final Map<String, String> MAP = new HashMap<>();
    }

    static final class SynchronizedWrapper {
        static final Map<String, String> MAP = Collections.synchronizedMap(new HashMap<>());
    }

    static final class Concurrent {
        static final Map<String, String> MAP = new ConcurrentHashMap<>();
    }

    public static void main(String[] args) throws Exception {
        String twin = args[0];
        TargetMain main = TargetMain.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        switch (twin) {
            case "common-lock" -> main.workers("locked-writer", 3, () -> CommonLock.write(TargetMain.key(100)));
            case "write-lock" -> main.workers("lru-worker", 3, () -> {
                String k = TargetMain.key(150);
                if (WriteLocked.INSTANCE.get(k) == null) {
                    WriteLocked.INSTANCE.put(k, k);
                }
            });
            case "single-writer" -> {
                main.worker("the-writer", () -> {
                    SingleWriter.MAP.put(TargetMain.key(100), "v");
                    SingleWriter.MAP.remove(TargetMain.key(100));
                });
                main.workers("reader", 2, () -> SingleWriter.MAP.get(TargetMain.key(100)));
            }
            case "synchronized-wrapper" -> main.workers("wrapper-writer", 3,
                    () -> SynchronizedWrapper.MAP.put(TargetMain.key(100), "v"));
            case "concurrent" -> main.workers("chm-writer", 3, () -> Concurrent.MAP.put(TargetMain.key(100), "v"));
            default -> throw new IllegalArgumentException(twin);
        }
        main.run();
    }
}
