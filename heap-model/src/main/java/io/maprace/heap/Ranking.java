package io.maprace.heap;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.model.MapFamily;

import java.util.List;

/**
 * How much a map found by a scan matters: reached from a static field or several threads, large, written while
 * the scan ran, access-ordered, and not guarded count for it; damage outranks everything.
 */
final class Ranking {

    private Ranking() {
    }

    /** The part of the score known as soon as the map is checked (before writes are measured and damage confirmed). */
    static double provisional(FoundMap m) {
        MapCheck c = m.check;
        int size = c == null ? 0 : c.size();
        return reachScore(m.reach) + Math.log10(1 + Math.max(0, size)) + (c != null && c.accessOrder() ? 1 : 0)
                - (m.guard != FoundMap.Guard.NONE ? 5 : 0) - (m.jdkHeld ? 5 : 0);
    }

    private static double reachScore(int reach) {
        return reach == HeapWalker.STATIC ? 3 : reach == HeapWalker.MULTI ? 2.5 : 0.5;
    }

    /**
     * @param writes modCount increments since the check, or -1 when not measured
     * @param writesMillis over how long they were counted
     */
    static ScannedMap scanned(FoundMap m, Confirmer.Verdict v, int writes, long writesMillis) {
        MapCheck c = m.check;
        boolean guarded = m.guard != FoundMap.Guard.NONE;
        boolean shared = !guarded && !m.jdkHeld && (m.reach == HeapWalker.STATIC || m.reach == HeapWalker.MULTI);
        int size = c == null ? 0 : c.size();
        boolean accessOrder = c != null && c.accessOrder();
        double score = reachScore(m.reach)
                + Math.log10(1 + Math.max(0, size))
                + (writes > 0 ? 2 : 0)
                + (accessOrder ? 1 : 0)
                + (m.kind == MapFamily.WEAK_HASH_MAP ? 0.5 : 0)
                - (guarded ? 5 : 0)
                - (m.wrapped ? 2 : 0)
                - (m.jdkHeld ? 5 : 0)
                + (v != null && v.damaged() ? 100 : 0);
        HeapPath holder = m.path.lastField();
        MapRef ref = new MapRef(m.type, holder == null ? null : holder.owner(), holder == null ? null : holder.name(),
                m.path.render(), m.id);
        List<Evidence.Corruption> defects = v == null || !v.damaged() ? List.of()
                : v.defects().stream().map(d -> new Evidence.Corruption(d.check(), d.detail())).toList();
        List<String> threads = m.threads();
        return new ScannedMap(ref, m.path.root().render(), m.kind, score, size, accessOrder, shared, threads, guarded,
                m.wrapped, writes, writesMillis, v == null ? null : v.severity(), defects, v == null ? null : v.how(),
                c == null ? -1 : c.entries(), c != null && c.complete());
    }
}
