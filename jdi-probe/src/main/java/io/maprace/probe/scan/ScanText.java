package io.maprace.probe.scan;

import java.util.Map;

/** The sentences a scan report says to the user, in one place: titles, explanations and advice. */
final class ScanText {

    private static final Map<String, String> CONSEQUENCES = Map.ofEntries(
            Map.entry("bin-cycle", "a get(), put() or remove() of a key that falls in the looping bin never returns: "
                    + "the calling thread spins at 100% CPU"),
            Map.entry("shared-entry", "two bins share entries: removing from one corrupts the other"),
            Map.entry("wrong-bucket", "get() of a misplaced key looks in its proper bin and returns null although the "
                    + "map holds it; a put() of it adds a duplicate"),
            Map.entry("size-mismatch", "size() and isEmpty() lie, and the map resizes at the wrong moment"),
            Map.entry("negative-size", "size() is negative: code that sizes arrays from it throws, loops that count "
                    + "on it misbehave"),
            Map.entry("no-table", "size() reports entries the map cannot return"),
            Map.entry("table-length", "the table length is not a power of two: keys land in the wrong bins"),
            Map.entry("tree-cycle", "a lookup in the tree bin walks in a circle forever"),
            Map.entry("tree-parent-cycle", "finding the tree's root never ends: every lookup in that bin hangs"),
            Map.entry("tree-parent-link", "rebalancing follows wrong parent links: later writes can loop or lose "
                    + "entries"),
            Map.entry("tree-red-red", "the red-black tree is invalid: later rebalancing can loop or lose entries"),
            Map.entry("tree-black-height", "the red-black tree is invalid: later rebalancing can loop or lose entries"),
            Map.entry("tree-root-color", "the red-black tree is invalid: later rebalancing can loop or lose entries"),
            Map.entry("tree-order", "lookups descend the wrong way and miss entries that are there"),
            Map.entry("tree-list-mismatch", "the bin's list and its tree disagree: iteration and get() see different "
                    + "entries"),
            Map.entry("tree-prev-link", "the bin's list is broken: removals can unlink the wrong entries"),
            Map.entry("order-cycle", "iterating the map, or an LRU's eviction of its eldest entry, never ends"),
            Map.entry("order-broken", "the order list is broken: iteration and eviction skip or repeat entries"),
            Map.entry("order-tail", "entries appended after the cut are invisible to iteration and never evicted: "
                    + "a bounded cache grows without bound"),
            Map.entry("order-orphan", "removed entries are still linked: they come back in iteration and eviction"),
            Map.entry("order-missing", "entries in the table are missing from the order list: an LRU never evicts "
                    + "them and the cache grows without bound"),
            Map.entry("stale-entry-leaked", "entries whose keys are gone stay forever: the map leaks and its size() "
                    + "never shrinks"),
            Map.entry("stale-entry-not-enqueued", "entries whose keys are gone stay forever: the map leaks and its "
                    + "size() never shrinks"),
            Map.entry("table-full", "a get(), put() or remove() of a missing key probes forever"),
            Map.entry("duplicate-key", "one key is stored twice: remove() leaves a copy behind"));

    private ScanText() {
    }

    static boolean knows(String check) {
        return CONSEQUENCES.containsKey(check);
    }

    static String consequence(String check) {
        return CONSEQUENCES.getOrDefault(check, "the map no longer behaves like a map");
    }

    static String corruptedExplanation(String kind, java.util.List<Defect> defects) {
        StringBuilder sb = new StringBuilder("The internal structure of this " + kind + " is broken, which only "
                + "happens when threads write it at the same time without a common lock (or when code changes its "
                + "internals by reflection). Consequences: ");
        java.util.Set<String> said = new java.util.LinkedHashSet<>();
        for (Defect d : defects) {
            said.add(consequence(d.check()));
        }
        sb.append(String.join("; ", said)).append('.');
        return sb.toString();
    }

    static String corruptedAdvice(String kind, boolean accessOrder) {
        return "A corrupted map does not heal: plan a restart of this JVM. Then make the map thread-safe: "
                + (accessOrder ? "an access-ordered LinkedHashMap writes on every get(), so guard every access with "
                + "one exclusive lock (a read lock is not enough), or use a concurrent cache"
                : kind.contains("Set") ? "ConcurrentHashMap.newKeySet(), or one lock around every access"
                : kind.contains("Tree") ? "ConcurrentSkipListMap, or one lock around every access"
                : kind.contains("Weak") ? "Collections.synchronizedMap around it with every access through the wrapper, "
                + "or a concurrent cache with weak keys"
                : "ConcurrentHashMap (computeIfAbsent for check-then-put), or one lock around every access")
                + ". 'maprace watch' on this map shows which threads write it.";
    }

    static String sharedExplanation(String kind, boolean accessOrder) {
        return "This " + kind + " is not thread-safe and any thread can reach it"
                + (accessOrder ? "; it is access-ordered, so every get() rewires its order list (a write)" : "")
                + ". That alone is not a race: it is fine if it is only read after being built, or if every access "
                + "holds one common exclusive lock. Check how it is written.";
    }

    static String sharedAdvice(String kind) {
        return "Run 'maprace watch' on it to see which threads write it and under which locks; if several write it "
                + "without one common lock, replace it with a concurrent map or guard every access.";
    }
}
