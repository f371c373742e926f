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
        return mapFor(category).computeIfAbsent(target, t -> new Attachment(category, System.nanoTime()));
    }

    public void detach(String category, Object target) {
        mapFor(category).remove(target);
    }

    public void clear(String category) {
        mapFor(category).clear();
    }
}
