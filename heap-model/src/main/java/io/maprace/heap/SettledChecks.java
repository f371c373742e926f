package io.maprace.heap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks the walk keeps to the end of a scan, one object for equal ones: a heap of a million small intact maps
 * holds a few thousand different checks (a kind, a size, a modCount...), and a record of 72 bytes kept for each map
 * was a third of what the scan held per map. Only a check with no defect, no contents and no inner map is shared
 * (records are immutable; its read time is dropped, which only a confirming read uses). Bounded: once it holds
 * {@link #MAX} checks, others are kept as they are.
 */
final class SettledChecks {

    static final int MAX = 1 << 16;

    private final ConcurrentHashMap<MapCheck, MapCheck> known = new ConcurrentHashMap<>();

    /** {@code check} without its contents, shared with an equal one kept before when it is healthy. */
    MapCheck settle(MapCheck check) {
        MapCheck c = check.withoutContents();
        if (!c.defects().isEmpty() || c.inner() != null || !c.pins().isEmpty()) {
            return c;
        }
        MapCheck plain = c.withoutTime();
        MapCheck before = known.get(plain);
        if (before != null) {
            return before;
        }
        if (known.size() >= MAX) {
            return plain;
        }
        before = known.putIfAbsent(plain, plain);
        return before != null ? before : plain;
    }
}
