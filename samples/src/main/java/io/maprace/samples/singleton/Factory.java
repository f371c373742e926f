package io.maprace.samples.singleton;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Shape 1, a static singleton cache: one {@link Factory#DEFAULT} for the whole process, whose plain {@link HashMap}
 * every caller fills with check-then-put and no lock. Racy.
 */
public final class Factory {

    public static final Factory DEFAULT = new Factory(FactoryKeys.STANDARD);

    /** The cache's initial capacity: room for the catalog, so that it does not resize in normal operation. */
    static final int TABLE_SIZE = 1 << 15;

    private final Map<String, Widget> cache = new HashMap<>(TABLE_SIZE);

    Factory(Collection<String> standardNames) {
        reload(standardNames);
    }

    /** Returns the cached widget, creating and caching it on a miss: check-then-put without a lock. */
    public Widget widgetFor(String name) {
        Widget widget = cache.get(name);
        if (widget == null) {
            widget = new Widget(name);
            cache.put(name, widget);
        }
        return widget;
    }

    /** Returns a preloaded standard widget, or null while a reload is under way. */
    public Widget standardWidget(String name) {
        return cache.get(name);
    }

    /** Drops one widget from the cache. */
    public void evict(String name) {
        cache.remove(name);
    }

    /** Drops every widget and preloads the standard ones again (what a configuration reload does). */
    public void reload(Collection<String> standardNames) {
        cache.clear();
        for (String name : standardNames) {
            cache.put(name, new Widget(name));
        }
    }

    /** The map's own count, which the race makes wrong (even negative). */
    public int size() {
        return cache.size();
    }
}
