package io.maprace.events;

import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapFamily;

import java.util.List;
import java.util.Objects;

/**
 * A map found by a heap scan (of a live JVM or of a heap dump), checked and ranked: what the scan rules judge, and
 * what {@code watch} takes when the user names no map.
 *
 * @param map what the report says of it: type, owner class and field, path, instance id
 * @param root where its path starts: a static field ({@code com.foo.Factory.DEFAULT}) or {@code Thread[name]}
 * @param score higher is more likely to be written by several threads at once
 * @param shared reachable from a static field or from several threads, and not behind a thread-safe wrapper
 * @param threads names of the threads that reach it through their fields (empty when only statics do)
 * @param guarded only reachable through {@code Collections.synchronized*} or a read-only view
 * @param wrapped reachable directly and also through a {@code Collections.synchronized*} wrapper: safe if every
 *                access goes through the wrapper, which the heap cannot tell
 * @param writes modCount increments seen while the scan ran (-1 when not measured)
 * @param writesMillis over how long those increments were counted
 * @param damage null for a healthy map; otherwise how sure the damage is
 * @param defects what is broken (empty for a healthy map)
 * @param entriesRead entries its integrity check read; -1 when it was not checked (the scan stopped, or the map
 *                    went away, before its check could read it): then {@code size} is not known either
 * @param complete whether that check read every entry; false when the scan stopped inside the map (its time ran
 *                 out, it was stopped), when the map was resized while read (its old table collected), at the
 *                 per-map cap, and for a map not checked at all
 */
public record ScannedMap(MapRef map, String root, MapFamily kind, double score, int size, boolean accessOrder,
                         boolean shared, List<String> threads, boolean guarded, boolean wrapped, int writes, long writesMillis,
                         Severity damage, List<Evidence.Corruption> defects, String confirmation, int entriesRead,
                         boolean complete) {

    public ScannedMap {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(kind, "kind");
        threads = List.copyOf(threads);
        defects = List.copyOf(defects);
    }

    /** A map read whole: {@code entriesRead} is its {@code size}. */
    public ScannedMap(MapRef map, String root, MapFamily kind, double score, int size, boolean accessOrder,
                      boolean shared, List<String> threads, boolean guarded, boolean wrapped, int writes,
                      long writesMillis, Severity damage, List<Evidence.Corruption> defects, String confirmation) {
        this(map, root, kind, score, size, accessOrder, shared, threads, guarded, wrapped, writes, writesMillis, damage,
                defects, confirmation, size, true);
    }

    /** Whether its check never read it: nothing is known of its contents. */
    public boolean notRead() {
        return entriesRead < 0;
    }

    /** Whether the scan stopped inside this map: what it says of it covers the entries read. */
    public boolean partlyRead() {
        return !complete && entriesRead > 0;
    }

    public boolean corrupted() {
        return damage != null;
    }
}
