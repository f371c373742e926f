package io.maprace.samples.custommap;

import java.util.HashMap;
import java.util.Map;

/**
 * Shape 6, racy: per-category attachments to arbitrary objects. The outer map (category to
 * {@link WeakIdentityMap}) is only used inside {@code synchronized} methods and is fine. The inner maps are created
 * under that lock, but then used outside it: {@link #attach} goes through {@link Map#computeIfAbsent}, whose default
 * implementation calls {@code WeakIdentityMap.get} and {@code put}, which write the {@code HashMap} inside.
 */
public final class Attachments {

    public static final Attachments INSTANCE = new Attachments();

    private final Map<String, Map<Object, Attachment>> byCategory = new HashMap<>();

    /** Returns the category's map, creating it on first use; under this object's monitor. */
    public synchronized Map<Object, Attachment> mapFor(String category) {
        Map<Object, Attachment> map = byCategory.get(category);
        if (map == null) {
            map = new WeakIdentityMap<>();
            byCategory.put(category, map);
        }
        return map;
    }

    /** Forgets a whole category; under this object's monitor. */
    public synchronized void dropCategory(String category) {
        byCategory.remove(category);
    }

    public synchronized int categoryCount() {
        return byCategory.size();
    }

    /** Returns the target's attachment, creating it on first use: outside the lock. */
    public Attachment attach(String category, Object target) {
        return mapFor(category).computeIfAbsent(target, t -> new Attachment(category));
    }

    /** Attaches to every target of a batch (creating attachments on first use): outside the lock. */
    public void attachAll(String category, Object[] targets) {
        Map<Object, Attachment> map = mapFor(category);
        for (Object target : targets) {
            map.computeIfAbsent(target, t -> new Attachment(category));
        }
    }

    /** Removes the attachments of every target of a batch: outside the lock. */
    public void detachAll(String category, Object[] targets) {
        Map<Object, Attachment> map = mapFor(category);
        for (Object target : targets) {
            map.remove(target);
        }
    }

    /** Removes every attachment of a category: outside the lock. */
    public void clear(String category) {
        mapFor(category).clear();
    }
}
