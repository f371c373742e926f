package io.maprace.probe.watch.targets;

import java.util.HashMap;
import java.util.Map;

/**
 * Shape 4: a registry map guarded by its monitor (fine) handing out entries whose own HashMap everyone writes
 * without a lock (racy), through the entry's methods and through a local in the caller.
 */
public final class RegistryInnerMapsRace {

    static final class Entry {
        final Map<String, String> cache = new HashMap<>();

        String valueFor(String key) {
            String v = cache.get(key);
            if (v == null) {
                v = key + "!";
                cache.put(key, v);
            }
            return v;
        }
    }

    static final class Registry {
        static final Registry INSTANCE = new Registry();

        private final Map<String, Entry> entries = new HashMap<>();

        synchronized Entry entryFor(String name) {
            return entries.computeIfAbsent(name, n -> new Entry());
        }

        synchronized void retire(String name) {
            entries.remove(name);
        }
    }

    private static final String[] HOT = {"alpha", "beta", "gamma"};

    public static void main(String[] args) throws Exception {
        TargetMain.parse(args).workers("registry-worker", 3, () -> {
            Entry entry = Registry.INSTANCE.entryFor(HOT[java.util.concurrent.ThreadLocalRandom.current().nextInt(3)]);
            entry.valueFor(TargetMain.key(200));
            entry.cache.remove(TargetMain.key(200));
            String session = "session-" + Thread.currentThread().getName();
            Registry.INSTANCE.entryFor(session);
            Registry.INSTANCE.retire(session);
        }).run();
    }
}
