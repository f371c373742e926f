package io.maprace.samples.registry;

import java.util.HashMap;
import java.util.Map;

/**
 * Shape 4: a registry whose own map is correctly guarded by its monitor (every access is in a {@code synchronized}
 * method), handing out {@link Entry} objects whose inner caches are then written by every thread without a lock.
 * The registry map is fine; the inner maps are racy.
 */
public final class Registry {

    public static final Registry INSTANCE = new Registry();

    private final Map<String, Entry> entries = new HashMap<>();

    /** Returns the entry for {@code name}, creating it on first use; under the registry's monitor. */
    public synchronized Entry entryFor(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            entry = new Entry(name);
            entries.put(name, entry);
        }
        return entry;
    }

    /** Removes an entry; under the registry's monitor. */
    public synchronized void retire(String name) {
        entries.remove(name);
    }

    public synchronized int size() {
        return entries.size();
    }
}
