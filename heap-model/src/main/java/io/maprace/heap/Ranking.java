package io.maprace.heap;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.model.MapFamily;
import io.maprace.rules.SharedGroups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How much a map found by a scan matters: reached from a static field or several threads, large, written while
 * the scan ran, access-ordered, and not guarded count for it; damage outranks everything.
 */
final class Ranking {

    /** Shared maps whose modCount is read again at the end, to see whether they are written. */
    private static final int REREAD_TOP = 200;

    private Ranking() {
    }

    /**
     * What the ranking keeps: the leading maps in full, best first (every damaged one among them), and the others
     * counted per group of shared maps in rank order (null when every map was kept).
     */
    record Ranked(List<ScannedMap> kept, SharedGroups counted) {
    }

    /**
     * The maps, best first; the leading shared ones' modCount is read again (one request each) while
     * {@code mayRead} says the scan may still read, to rank those being written higher.
     *
     * @param keep maps kept in full at most, besides the damaged ones; the others are counted per group of shared
     *             maps (a million maps of a dump: a report of each is never shown, and holding them all costs the
     *             memory the walk needs)
     * @param failed told of a re-read that failed other than by the map being collected
     */
    static Ranked rank(Collection<FoundMap> maps, Map<FoundMap, Confirmer.Verdict> verdicts, Heap heap,
                       BooleanSupplier mayRead, Consumer<RuntimeException> failed, int keep) {
        // Each map with its score: a million maps are ranked here, so no second map by id, no report of a map
        // left out, and no second sort unless a re-read changed a score.
        record Entry(FoundMap found, double score, long id) implements Comparable<Entry> {
            /** Best first; equal scores in the order of the maps' ids: the same report from the same heap dump. */
            @Override
            public int compareTo(Entry o) {
                int c = Double.compare(o.score, score);
                return c != 0 ? c : Long.compare(id, o.id);
            }
        }
        List<Entry> out = new ArrayList<>(maps.size());
        int damaged = 0;
        for (FoundMap m : maps) {
            Confirmer.Verdict v = verdicts.get(m);
            damaged += v != null && v.damaged() ? 1 : 0;
            out.add(new Entry(m, score(m, v, -1), m.id));
        }
        java.util.Collections.sort(out);
        // damage adds 100 to a score: the damaged maps lead
        int full = (int) Math.min(out.size(), Math.max((long) keep, damaged));
        List<ScannedMap> result = new ArrayList<>(full);
        SharedGroups counted = full < out.size() ? new SharedGroups() : null;
        boolean rescored = false;
        int reread = 0;
        for (int i = 0; i < out.size(); i++) {
            FoundMap m = out.get(i).found();
            Confirmer.Verdict v = verdicts.get(m);
            if (i >= full) {
                boolean shared = shared(m);
                String key = shared ? SharedGroups.key(m.type, m.path.render()) : null;
                counted.count(key, shared, size(m), false, () -> scanned(m, v, -1, 0));
                continue;
            }
            ScannedMap s = scanned(m, v, -1, 0);
            Heap.Obj obj = m.obj;
            if (s.shared() && reread < REREAD_TOP && m.check != null && obj != null && mayRead.getAsBoolean()) {
                reread++;
                try {
                    int now = MapCounters.modCount(heap, obj, m.kind);
                    long millis = (System.nanoTime() - m.checkedAt) / 1_000_000;
                    ScannedMap again = scanned(m, v, now - m.check.modCountBefore(), millis);
                    rescored |= Double.compare(again.score(), s.score()) != 0;
                    result.add(again);
                    continue;
                } catch (Heap.ObjectGoneException ex) {
                    // collected: keep it as it was
                } catch (RuntimeException ex) {
                    failed.accept(ex);
                }
            }
            result.add(s);
        }
        if (rescored) {
            result.sort(Comparator.comparingDouble(ScannedMap::score).reversed());
        }
        return new Ranked(result, counted);
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

    private static boolean shared(FoundMap m) {
        return m.guard == FoundMap.Guard.NONE && !m.jdkHeld
                && (m.reach == HeapWalker.STATIC || m.reach == HeapWalker.MULTI);
    }

    private static int size(FoundMap m) {
        MapCheck c = m.check;
        return c == null ? 0 : c.size();
    }

    /** The score of {@link #scanned}, without making the map's entry of the report. */
    private static double score(FoundMap m, Confirmer.Verdict v, int writes) {
        MapCheck c = m.check;
        return reachScore(m.reach)
                + Math.log10(1 + Math.max(0, size(m)))
                + (writes > 0 ? 2 : 0)
                + (c != null && c.accessOrder() ? 1 : 0)
                + (m.kind == MapFamily.WEAK_HASH_MAP ? 0.5 : 0)
                - (m.guard != FoundMap.Guard.NONE ? 5 : 0)
                - (m.wrapped ? 2 : 0)
                - (m.jdkHeld ? 5 : 0)
                + (v != null && v.damaged() ? 100 : 0);
    }

    /**
     * @param writes modCount increments since the check, or -1 when not measured
     * @param writesMillis over how long they were counted
     */
    static ScannedMap scanned(FoundMap m, Confirmer.Verdict v, int writes, long writesMillis) {
        MapCheck c = m.check;
        boolean guarded = m.guard != FoundMap.Guard.NONE;
        boolean shared = shared(m);
        int size = size(m);
        boolean accessOrder = c != null && c.accessOrder();
        double score = score(m, v, writes);
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
