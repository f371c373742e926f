package io.maprace.probe.watch;

import io.maprace.events.ScannedMap;
import io.maprace.findings.MapRef;
import io.maprace.findings.WatchChoice;
import io.maprace.findings.WatchChoice.Why;
import io.maprace.heap.ScanOptions;
import io.maprace.model.MapApi;
import io.maprace.probe.scan.ScanResult;
import io.maprace.probe.target.AttachedVm;
import io.maprace.progress.Progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code watch} watches when the user names no map: the maps a short scan ranks highest, each held by a field
 * whose write sites can be found. The application's and its libraries' maps come before the JDK's own state (left
 * out unless asked); among them, maps the scan found corrupted, then shared maps written while scanned, then the
 * other shared ones. A field that holds one map in each of many objects is watched on every instance (armed as
 * instances are written), not as the few instances the scan happened to meet.
 */
public final class WatchTargets {

    /** How long the ranking scan may take, and how many objects it reads at most. */
    public static final Duration SCAN_TIME = Duration.ofSeconds(10);
    private static final long SCAN_LIMIT = 500_000;
    /**
     * Entries read of one map while ranking: enough to check a small map whole; of a big one the scan needs its
     * header (size, modCount: is it written?) and how it is reached, not every entry. The watch's integrity check
     * reads the maps it watches in full.
     */
    static final int RANK_ENTRIES = 2_000;
    /** From this many instances of one {@code Owner#field}, the field is watched on every instance. */
    static final int PER_INSTANCE_MIN = 3;

    /**
     * @param specs the maps to watch, best first
     * @param chosen why each was chosen, in the same order
     * @param skipped ranked maps left out because a collection holds them, not a field (no write site to find)
     * @param jdkLeftOut shared or corrupted maps left out because they are the JDK's own state
     */
    public record Ranked(List<MapSpec> specs, List<WatchChoice> chosen, int skipped, int jdkLeftOut) {
        public Ranked {
            specs = List.copyOf(specs);
            chosen = List.copyOf(chosen);
        }
    }

    private WatchTargets() {
    }

    /**
     * Ranks the target's maps with a short scan that never holds a thread; at most {@code maxFields} of them.
     *
     * @param includeJdk whether maps the JDK's own classes hold ({@code java.*}, {@code com.sun.*}...) may be chosen
     * @param progress where the scan reports how far it got
     */
    public static Ranked rank(AttachedVm attached, int maxFields, boolean includeJdk, Progress progress) {
        ScanResult scan = attached.scan(ScanOptions.defaults().withTimeout(SCAN_TIME).withLimit(SCAN_LIMIT)
                .withMaxEntriesPerMap(RANK_ENTRIES).withMaxPause(Duration.ZERO), progress);
        return choose(scan, maxFields, includeJdk);
    }

    /** The choice itself, from a finished scan. */
    static Ranked choose(ScanResult scan, int maxFields, boolean includeJdk) {
        Map<String, List<ScannedMap>> perInstance = perInstanceFields(scan.maps(), includeJdk);
        List<ScannedMap> ordered = scan.maps().stream()
                .filter(m -> m.shared() || m.corrupted() || perInstance.containsKey(fieldOf(m)))
                .sorted(Comparator.comparingInt(WatchTargets::tier).thenComparing(ScannedMap::score,
                        Comparator.reverseOrder()))
                .toList();
        List<MapSpec> specs = new ArrayList<>();
        List<WatchChoice> chosen = new ArrayList<>();
        Set<String> fieldsTaken = new HashSet<>();
        int skipped = 0;
        int jdk = 0;
        for (ScannedMap m : ordered) {
            if (specs.size() >= maxFields) {
                break;
            }
            if (!includeJdk && jdkState(m)) {
                jdk++;
                continue;
            }
            String field = fieldOf(m);
            List<ScannedMap> group = field == null ? null : perInstance.get(field);
            if (group != null) {
                if (fieldsTaken.add(field)) {
                    // All reached the same way (Registry.INSTANCE.entries[*].cache): every instance, under that path.
                    Set<String> patterns = new HashSet<>();
                    group.forEach(g -> patterns.add(MapRef.pathPattern(g.map().path())));
                    String pattern = patterns.size() == 1 ? patterns.iterator().next() : null;
                    boolean asPath = pattern != null && pattern.contains("[*]") && !pattern.endsWith("]");
                    specs.add(asPath ? new MapSpec.Path(pattern)
                            : new MapSpec.EveryInstance(m.map().owner(), m.map().field()));
                    chosen.add(new WatchChoice(asPath ? pattern : field, Why.PER_INSTANCE, group.size()));
                }
                continue;
            }
            String path = m.map().path();
            var ref = m.map().instance() == null ? null : scan.handles().get(m.map().instance());
            if (ref == null || field == null || path == null || path.endsWith("]") || path.endsWith("}")) {
                skipped++; // held as an element of a collection, not by a field: no write site to find
                continue;
            }
            specs.add(new MapSpec.Found(ref, m.map().owner(), m.map().field(), path));
            chosen.add(new WatchChoice(path, why(m), 1));
        }
        return new Ranked(specs, chosen, skipped, jdk);
    }

    /**
     * The ranked maps with those a flight recording saw written by several threads first: a ranked map held by a
     * field written at a sampled site moves ahead (chosen because sampled), a field the scan did not rank is
     * added (by its path when static and set, else on every instance); at most {@code maxFields} in all.
     */
    public static Ranked steer(Ranked ranked, List<SampledSites.Written> sampled, int maxFields) {
        List<MapSpec> specs = new ArrayList<>();
        List<WatchChoice> chosen = new ArrayList<>();
        Set<Integer> moved = new HashSet<>();
        for (SampledSites.Written w : sampled) {
            int at = -1;
            for (int i = 0; i < ranked.specs().size() && at < 0; i++) {
                if (!moved.contains(i) && w.key().equals(fieldOf(ranked.specs().get(i)))) {
                    at = i;
                }
            }
            if (at >= 0) {
                moved.add(at);
                specs.add(ranked.specs().get(at));
                chosen.add(new WatchChoice(ranked.chosen().get(at).map(), Why.SAMPLED, 1, w.site()));
            } else if (w.isStatic() && w.holdsMap()) {
                specs.add(new MapSpec.Path(w.owner() + "." + w.field()));
                chosen.add(new WatchChoice(w.owner() + "." + w.field(), Why.SAMPLED, 1, w.site()));
            } else {
                specs.add(new MapSpec.EveryInstance(w.owner(), w.field()));
                chosen.add(new WatchChoice(w.key(), Why.SAMPLED, 1, w.site()));
            }
        }
        for (int i = 0; i < ranked.specs().size(); i++) {
            if (!moved.contains(i)) {
                specs.add(ranked.specs().get(i));
                chosen.add(ranked.chosen().get(i));
            }
        }
        int n = Math.min(maxFields, specs.size());
        return new Ranked(specs.subList(0, n), chosen.subList(0, n), ranked.skipped(), ranked.jdkLeftOut());
    }

    /** {@code Owner#field} of a spec that names its field; null for a path, whose field is known once resolved. */
    private static String fieldOf(MapSpec spec) {
        if (spec instanceof MapSpec.Found f) {
            return f.owner() + "#" + f.field();
        }
        return spec instanceof MapSpec.EveryInstance e ? e.text() : null;
    }

    /** Corrupted first, then shared and written while scanned, then the rest. */
    private static int tier(ScannedMap m) {
        return m.corrupted() ? 0 : m.writes() > 0 ? 1 : 2;
    }

    private static Why why(ScannedMap m) {
        return m.corrupted() ? Why.CORRUPTED : m.writes() > 0 ? Why.SHARED_WRITTEN : Why.SHARED;
    }

    /**
     * The instance fields ({@code Owner#field}) that hold a map in at least {@link #PER_INSTANCE_MIN} objects, at
     * least one of them shared, written while scanned or corrupted, none behind a thread-safe wrapper.
     */
    private static Map<String, List<ScannedMap>> perInstanceFields(List<ScannedMap> maps, boolean includeJdk) {
        Map<String, List<ScannedMap>> byField = new LinkedHashMap<>();
        for (ScannedMap m : maps) {
            String field = fieldOf(m);
            if (field != null && !m.map().path().equals(m.root()) && (includeJdk || !jdkState(m))) {
                byField.computeIfAbsent(field, k -> new ArrayList<>()).add(m);
            }
        }
        byField.values().removeIf(g -> g.size() < PER_INSTANCE_MIN
                || g.stream().anyMatch(m -> m.guarded() || m.wrapped())
                || g.stream().noneMatch(m -> m.shared() || m.corrupted() || m.writes() > 0));
        return byField;
    }

    /** {@code Owner#field} of the field holding the map; null when a collection holds it. */
    private static String fieldOf(ScannedMap m) {
        String path = m.map().path();
        if (m.map().owner() == null || m.map().field() == null || path == null || path.endsWith("]")
                || path.endsWith("}")) {
            return null;
        }
        return m.map().owner() + "#" + m.map().field();
    }

    /** The JDK's own state: held by a field of a JDK class, or reached from a JDK class's static field. */
    private static boolean jdkState(ScannedMap m) {
        String owner = m.map().owner();
        return owner != null && MapApi.isJdkClass(owner) || MapApi.isJdkClass(m.root());
    }
}
