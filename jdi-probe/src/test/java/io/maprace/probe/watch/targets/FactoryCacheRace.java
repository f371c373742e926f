package io.maprace.probe.watch.targets;

import java.util.HashMap;
import java.util.Map;

/** Shape 1: a static singleton whose plain HashMap every caller fills with check-then-put. Racy. */
public final class FactoryCacheRace {

    static final class Factory {
        static final Factory DEFAULT = new Factory();

        private final Map<String, String> cache = new HashMap<>(4096);

        String widgetFor(String name) {
            String w = cache.get(name);
            if (w == null) {
                w = name.toUpperCase();
                cache.put(name, w);
            }
            return w;
        }

        void evict(String name) {
            cache.remove(name);
        }
    }

    public static void main(String[] args) throws Exception {
        TargetMain.parse(args).workers("factory-worker", 3, () -> {
            Factory.DEFAULT.widgetFor(TargetMain.key(512));
            Factory.DEFAULT.evict(TargetMain.key(512));
        }).run();
    }
}
