package io.maprace.heap;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Evidence;
import io.maprace.findings.MapRef;
import io.maprace.model.MapFamily;
import io.maprace.rules.SharedGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
        // left out, and only the maps kept in full are sorted.
        Entry[] all = new Entry[maps.size()];
        int n = 0;
        int damaged = 0;
        for (FoundMap m : maps) {
            Confirmer.Verdict v = verdictOf(verdicts, m);
            damaged += v != null && v.damaged() ? 1 : 0;
            all[n++] = new Entry(m, score(m, v, -1), m.id);
        }
        // damage adds 100 to a score: the damaged maps lead
        int full = (int) Math.min(n, Math.max((long) keep, damaged));
        selectBest(all, full);
        Arrays.sort(all, 0, full);
        List<ScannedMap> result = new ArrayList<>(full);
        SharedGroups counted = full < n ? countRest(all, full, verdicts) : null;
        boolean rescored = false;
        int reread = 0;
        for (int i = 0; i < full; i++) {
            FoundMap m = all[i].found();
            Confirmer.Verdict v = verdictOf(verdicts, m);
            ScannedMap s = scanned(m, v, -1, 0);
            Heap.Obj obj = m.obj;
            if (s.shared() && reread < REREAD_TOP && m.check != null && obj != null && mayRead.getAsBoolean()) {
                reread++;
                try {
                    int now = MapCounters.modCount(heap, obj, m.kind);
                    long millis = m.millisSinceCheck();
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

    /**
     * The verdict on {@code m}: only a map whose check found defects has one (a lookup by a million maps' identity
     * hashes, made on the spot, for the few that were read again).
     */
    private static Confirmer.Verdict verdictOf(Map<FoundMap, Confirmer.Verdict> verdicts, FoundMap m) {
        MapCheck c = m.check;
        return c == null || c.defects().isEmpty() ? null : verdicts.get(m);
    }

    /** A map with its score, in rank order: best first, equal scores by id (the same report from the same dump). */
    private record Entry(FoundMap found, double score, long id) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Double.compare(o.score, score);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** Moves the {@code k} first entries in rank order to the front of {@code a}, in no order (a quickselect). */
    private static void selectBest(Entry[] a, int k) {
        int target = k - 1;
        int lo = 0;
        int hi = a.length - 1;
        java.util.Random pivots = new java.util.Random(k);
        while (target >= 0 && lo < hi) {
            int p = lo + pivots.nextInt(hi - lo + 1);
            Entry pivot = a[p];
            swap(a, p, hi);
            int store = lo;
            for (int i = lo; i < hi; i++) {
                if (a[i].compareTo(pivot) < 0) {
                    swap(a, i, store++);
                }
            }
            swap(a, store, hi);
            if (store == target) {
                return;
            }
            if (store < target) {
                lo = store + 1;
            } else {
                hi = store - 1;
            }
        }
    }

    private static void swap(Entry[] a, int i, int j) {
        Entry t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * The shared maps of {@code all} from {@code from} on (none damaged: damage leads), counted per group: each
     * group's best is its first map in rank order, and the groups are in the order of their best.
     */
    private static SharedGroups countRest(Entry[] all, int from, Map<FoundMap, Confirmer.Verdict> verdicts) {
        final class Group {
            Entry best;
            int count;
            int largest = Integer.MIN_VALUE;
        }
        Map<String, Group> byKey = new HashMap<>();
        GroupKeys keys = new GroupKeys();
        for (int i = from; i < all.length; i++) {
            Entry e = all[i];
            FoundMap m = e.found();
            if (!shared(m)) {
                continue;
            }
            Group g = byKey.computeIfAbsent(m.groupKey(keys), k -> new Group());
            if (g.best == null || e.compareTo(g.best) < 0) {
                g.best = e;
            }
            g.count++;
            g.largest = Math.max(g.largest, size(m));
        }
        List<Map.Entry<String, Group>> groups = new ArrayList<>(byKey.entrySet());
        groups.sort((x, y) -> x.getValue().best.compareTo(y.getValue().best));
        SharedGroups counted = new SharedGroups();
        for (Map.Entry<String, Group> g : groups) {
            FoundMap best = g.getValue().best.found();
            counted.addGroup(g.getKey(), scanned(best, verdicts.get(best), -1, 0), g.getValue().count,
                    g.getValue().largest);
        }
        return counted;
    }

    /** The part of the score known as soon as the map is checked (before writes are measured and damage confirmed). */
    static double provisional(FoundMap m) {
        MapCheck c = m.check;
        int size = c == null ? 0 : c.size();
        return reachScore(m.reach) + sizeScore(size) + (c != null && c.accessOrder() ? 1 : 0)
                - (m.guard != FoundMap.Guard.NONE ? 5 : 0) - (m.jdkHeld ? 5 : 0);
    }

    /** {@code log10(1 + size)} of small sizes, computed once: the retainer's queue asks millions of times. */
    private static final double[] SMALL_SIZE_SCORES = new double[1024];

    static {
        for (int i = 0; i < SMALL_SIZE_SCORES.length; i++) {
            SMALL_SIZE_SCORES[i] = Math.log10(1 + i);
        }
    }

    /** What a map's size adds to its score: {@code log10(1 + size)}, 0 for a negative size. */
    private static double sizeScore(int size) {
        int s = Math.max(0, size);
        return s < SMALL_SIZE_SCORES.length ? SMALL_SIZE_SCORES[s] : Math.log10(1 + s);
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
                + sizeScore(size(m))
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
        HeapPath path = m.path();
        HeapPath holder = path.lastField();
        MapRef ref = new MapRef(m.type, holder == null ? null : holder.owner(), holder == null ? null : holder.name(),
                path.render(), m.id);
        List<Evidence.Corruption> defects = v == null || !v.damaged() ? List.of()
                : v.defects().stream().map(d -> new Evidence.Corruption(d.check(), d.detail())).toList();
        List<String> threads = m.threads();
        return new ScannedMap(ref, path.root().render(), m.kind, score, size, accessOrder, shared, threads, guarded,
                m.wrapped, writes, writesMillis, v == null ? null : v.severity(), defects, v == null ? null : v.how(),
                c == null ? -1 : c.entries(), c != null && c.complete());
    }
}
