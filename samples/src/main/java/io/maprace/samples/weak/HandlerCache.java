package io.maprace.samples.weak;

import java.util.WeakHashMap;

/**
 * Shape 3, racy: a static cache with weak keys, so that unloaded handler classes drop out, and no lock. Every method
 * writes the map: {@code put} and {@code remove} of course, but also {@code get} and {@code size}, which first expunge
 * the entries whose class was unloaded.
 */
public final class HandlerCache {

    /** Sized so that it does not resize in normal operation. */
    private static final WeakHashMap<Class<?>, HandlerInfo> CACHE = new WeakHashMap<>(1 << 16);

    private HandlerCache() {
    }

    /** Check-then-put: the {@code get} expunges stale entries, the {@code put} adds one. */
    public static HandlerInfo infoFor(Class<?> type) {
        HandlerInfo info = CACHE.get(type);
        if (info == null) {
            info = HandlerInfo.of(type);
            CACHE.put(type, info);
        }
        return info;
    }

    /** Drops a handler's entry. */
    public static void forget(Class<?> type) {
        CACHE.remove(type);
    }

    /** Expunges stale entries, then counts. */
    public static int size() {
        return CACHE.size();
    }

    /** Drops every entry. */
    public static void clear() {
        CACHE.clear();
    }
}
