package io.maprace.probe.watch.targets;

import java.util.Map;
import java.util.WeakHashMap;

/** Shape 3: a static WeakHashMap without a lock: get() and size() expunge, so they write too. */
public final class WeakKeyCacheRace {

    private static final Map<Class<?>, String> CACHE = new WeakHashMap<>();
    private static final Class<?>[] TYPES = {String.class, Integer.class, Long.class, Map.class, Thread.class,
            Runnable.class, StringBuilder.class, Object.class};

    static String infoFor(Class<?> type) {
        String info = CACHE.get(type);
        if (info == null) {
            info = type.getSimpleName();
            CACHE.put(type, info);
        }
        return info;
    }

    public static void main(String[] args) throws Exception {
        TargetMain.parse(args).workers("handler-worker", 3, () -> {
            Class<?> t = TYPES[java.util.concurrent.ThreadLocalRandom.current().nextInt(TYPES.length)];
            infoFor(t);
            if (t == Object.class) {
                CACHE.remove(t);
            }
        }).run();
    }
}
