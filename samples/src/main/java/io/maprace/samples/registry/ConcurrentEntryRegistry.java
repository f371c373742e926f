package io.maprace.samples.registry;

import java.util.HashMap;
import java.util.Map;

/** Shape 4, fixed: the same correctly locked registry, handing out {@link ConcurrentEntry} objects. */
public final class ConcurrentEntryRegistry {

    public static final ConcurrentEntryRegistry INSTANCE = new ConcurrentEntryRegistry();

    private final Map<String, ConcurrentEntry> entries = new HashMap<>();

    public synchronized ConcurrentEntry entryFor(String name) {
        ConcurrentEntry entry = entries.get(name);
        if (entry == null) {
            entry = new ConcurrentEntry(name);
            entries.put(name, entry);
        }
        return entry;
    }

    public synchronized void retire(String name) {
        entries.remove(name);
    }

    public synchronized int size() {
        return entries.size();
    }
}
