package io.maprace.heap;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.model.MapFamily;

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
     * The maps, best first; the leading shared ones' modCount is read again (one request each) while
     * {@code mayRead} says the scan may still read, to rank those being written higher.
     *
     * @param failed told of a re-read that failed other than by the map being collected
     */
    static List<ScannedMap> rank(Collection<FoundMap> maps, Map<FoundMap, Confirmer.Verdict> verdicts, Heap heap,
                                 BooleanSupplier mayRead, Consumer<RuntimeException> failed) {
        // Each map with its entry: a million maps are ranked here, so no second map by id and no second sort
        // unless a re-read changed a score.
        record Entry(FoundMap found, ScannedMap scanned) {
        }
        List<Entry> out = new ArrayList<>(maps.size());
        for (FoundMap m : maps) {
            out.add(new Entry(m, scanned(m, verdicts.get(m), -1, 0)));
        }
        out.sort(Comparator.comparingDouble((Entry e) -> e.scanned().score()).reversed());
        List<ScannedMap> result = new ArrayList<>(out.size());
        boolean rescored = false;
        int reread = 0;
        for (Entry e : out) {
            ScannedMap s = e.scanned();
            FoundMap m = e.found();
            Heap.Obj obj = m.obj;
            if (s.shared() && reread < REREAD_TOP && m.check != null && obj != null && mayRead.getAsBoolean()) {
                reread++;
                try {
                    int now = MapCounters.modCount(heap, obj, m.kind);
                    long millis = (System.nanoTime() - m.checkedAt) / 1_000_000;
                    ScannedMap again = scanned(m, verdicts.get(m), now - m.check.modCountBefore(), millis);
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
        return result;
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
