package io.maprace.heap;

/**
 * The checks the walk keeps to the end of a scan, one object for equal ones: a heap of a million small intact maps
 * holds a few thousand different checks (a kind, a size, a modCount...), and a record of 72 bytes kept for each map
 * was a third of what the scan held per map. Only a check with no defect, no contents and no inner map is shared
 * (records are immutable; its read time is dropped, which only a confirming read uses). Each reading thread keeps
 * the last checks it settled in a small table by their fields' hash: no lock, nothing made for a check met before,
 * and a bounded table (a heap of all different checks keeps one each, as before).
 */
final class SettledChecks {

    private static final int SLOTS = 1 << 12;

    private final ThreadLocal<MapCheck[]> recent = ThreadLocal.withInitial(() -> new MapCheck[SLOTS]);

    /** {@code check} without its contents, shared with an equal one settled before when it is healthy. */
    MapCheck settle(MapCheck check) {
        if (!check.defects().isEmpty() || check.inner() != null || !check.pins().isEmpty()) {
            return check.withoutContents();
        }
        MapCheck[] table = recent.get();
        int slot = hash(check) & (SLOTS - 1);
        MapCheck before = table[slot];
        if (before != null && same(before, check)) {
            return before;
        }
        MapCheck kept = check.settled();
        table[slot] = kept;
        return kept;
    }

    private static int hash(MapCheck c) {
        int h = c.kind().ordinal();
        h = h * 31 + c.type().hashCode();
        h = h * 31 + c.size();
        h = h * 31 + c.capacity();
        h = h * 31 + c.modCountBefore();
        h = h * 31 + c.modCountAfter();
        h = h * 31 + c.entries();
        h = h * 31 + c.treeBins();
        h = h * 4 + (c.complete() ? 2 : 0) + (c.accessOrder() ? 1 : 0);
        return h ^ (h >>> 16);
    }

    /** Equal once contents and time are dropped, for two healthy checks with no inner map. */
    private static boolean same(MapCheck a, MapCheck b) {
        return a.kind() == b.kind() && a.type().equals(b.type()) && a.size() == b.size()
                && a.capacity() == b.capacity() && a.modCountBefore() == b.modCountBefore()
                && a.modCountAfter() == b.modCountAfter() && a.entries() == b.entries()
                && a.complete() == b.complete() && a.accessOrder() == b.accessOrder() && a.treeBins() == b.treeBins()
                && a.defects().isEmpty() && b.defects().isEmpty() && a.inner() == null && b.inner() == null
                && a.pins().isEmpty() && b.pins().isEmpty();
    }
}
