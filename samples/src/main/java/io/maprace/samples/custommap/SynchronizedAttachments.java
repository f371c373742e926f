package io.maprace.samples.custommap;

import java.util.HashMap;
import java.util.Map;

/** Shape 6, fixed: the same attachments, whose inner maps are {@link SynchronizedWeakIdentityMap}s. */
public final class SynchronizedAttachments {

    public static final SynchronizedAttachments INSTANCE = new SynchronizedAttachments();

    private final Map<String, Map<Object, Attachment>> byCategory = new HashMap<>();

    public synchronized Map<Object, Attachment> mapFor(String category) {
        Map<Object, Attachment> map = byCategory.get(category);
        if (map == null) {
            map = new SynchronizedWeakIdentityMap<>();
            byCategory.put(category, map);
        }
        return map;
    }

    public synchronized void dropCategory(String category) {
        byCategory.remove(category);
    }

    public synchronized int categoryCount() {
        return byCategory.size();
    }

    /** Returns the target's attachment, creating it on first use, under the inner map's monitor. */
    public Attachment attach(String category, Object target) {
        return mapFor(category).computeIfAbsent(target, t -> new Attachment(category));
    }

    /** Attaches to every target of a batch, each under the inner map's monitor. */
    public void attachAll(String category, Object[] targets) {
        Map<Object, Attachment> map = mapFor(category);
        for (Object target : targets) {
            map.computeIfAbsent(target, t -> new Attachment(category));
        }
    }

    /** Removes the attachments of every target of a batch, each under the inner map's monitor. */
    public void detachAll(String category, Object[] targets) {
        Map<Object, Attachment> map = mapFor(category);
        for (Object target : targets) {
            map.remove(target);
        }
    }

    /** Removes every attachment of a category, under the inner map's monitor. */
    public void clear(String category) {
        mapFor(category).clear();
    }
}
