package io.maprace.samples.weak;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** Shape 3, fixed: the same static weak-keyed cache behind {@link Collections#synchronizedMap}. */
public final class SynchronizedHandlerCache {

    private static final Map<Class<?>, HandlerInfo> CACHE = Collections.synchronizedMap(new WeakHashMap<>(1 << 16));

    private SynchronizedHandlerCache() {
    }

    /** Check-then-put under the wrapper's monitor, taken twice: harmless here, a duplicate info at worst. */
    public static HandlerInfo infoFor(Class<?> type) {
        HandlerInfo info = CACHE.get(type);
        if (info == null) {
            info = HandlerInfo.of(type);
            CACHE.put(type, info);
        }
        return info;
    }

    public static void forget(Class<?> type) {
        CACHE.remove(type);
    }

    public static int size() {
        return CACHE.size();
    }

    public static void clear() {
        CACHE.clear();
    }
}
