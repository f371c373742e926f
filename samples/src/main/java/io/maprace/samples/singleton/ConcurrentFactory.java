package io.maprace.samples.singleton;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The fixed {@link Factory}: the same cache in a {@link ConcurrentHashMap}, filled with {@code computeIfAbsent}. */
public final class ConcurrentFactory {

    public static final ConcurrentFactory DEFAULT = new ConcurrentFactory(FactoryKeys.STANDARD);

    private final ConcurrentHashMap<String, Widget> cache = new ConcurrentHashMap<>(1 << 15);

    ConcurrentFactory(Collection<String> standardNames) {
        reload(standardNames);
    }

    /** Returns the cached widget, creating it atomically on a miss. */
    public Widget widgetFor(String name) {
        return cache.computeIfAbsent(name, Widget::new);
    }

    public Widget standardWidget(String name) {
        return cache.get(name);
    }

    public void evict(String name) {
        cache.remove(name);
    }

    public void reload(Collection<String> standardNames) {
        cache.clear();
        for (String name : standardNames) {
            cache.put(name, new Widget(name));
        }
    }

    public int size() {
        return cache.size();
    }
}
