package io.maprace.probe.watch.targets;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Shape 6: a custom Map wrapping a private HashMap, created under a lock, then written outside it through
 * Map.computeIfAbsent (the interface's default method calls get and put).
 */
public final class HiddenInnerMapRace {

    static final class IdentityMap<K, V> extends AbstractMap<K, V> {
        private final HashMap<Object, V> map = new HashMap<>();

        @Override
        public V get(Object key) {
            return map.get(System.identityHashCode(key));
        }

        @Override
        public V put(K key, V value) {
            return map.put(System.identityHashCode(key), value);
        }

        @Override
        public V remove(Object key) {
            return map.remove(System.identityHashCode(key));
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            throw new UnsupportedOperationException();
        }
    }

    static final class Attachments {
        static final Attachments INSTANCE = new Attachments();

        private final Map<String, Map<Object, String>> byCategory = new HashMap<>();

        synchronized Map<Object, String> mapFor(String category) {
            return byCategory.computeIfAbsent(category, c -> new IdentityMap<>());
        }

        String attach(String category, Object target) {
            return mapFor(category).computeIfAbsent(target, t -> category);
        }

        void detach(String category, Object target) {
            mapFor(category).remove(target);
        }
    }

    private static final Object[] TARGETS = new Object[48];

    static {
        for (int i = 0; i < TARGETS.length; i++) {
            TARGETS[i] = new Object();
        }
    }

    public static void main(String[] args) throws Exception {
        TargetMain.parse(args).workers("attach-worker", 3, () -> {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            String category = r.nextBoolean() ? "red" : "blue";
            Attachments.INSTANCE.attach(category, TARGETS[r.nextInt(TARGETS.length)]);
            Attachments.INSTANCE.detach(category, TARGETS[r.nextInt(TARGETS.length)]);
        }).run();
    }
}
