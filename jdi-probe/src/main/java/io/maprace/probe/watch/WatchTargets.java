package io.maprace.probe.watch;

import io.maprace.events.ScannedMap;
import io.maprace.heap.ScanOptions;
import io.maprace.probe.scan.ScanResult;
import io.maprace.probe.target.AttachedVm;
import io.maprace.progress.Progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code watch} watches when the user names no map: the maps a short scan ranks highest (shared, or damaged),
 * each held by a field whose write sites can be found.
 */
public final class WatchTargets {

    /** How long the ranking scan may take, and how many objects it reads at most. */
    public static final Duration SCAN_TIME = Duration.ofSeconds(10);
    private static final long SCAN_LIMIT = 500_000;

    /**
     * @param specs the maps to watch, best first
     * @param skipped ranked maps left out because a collection holds them, not a field (no write site to find)
     */
    public record Ranked(List<MapSpec> specs, int skipped) {
    }

    private WatchTargets() {
    }

    /**
     * Ranks the target's maps with a short scan that never holds a thread; at most {@code maxFields} of them.
     *
     * @param progress where the scan reports how far it got
     */
    public static Ranked rank(AttachedVm attached, int maxFields, Progress progress) {
        ScanResult scan = attached.scan(ScanOptions.defaults().withTimeout(SCAN_TIME).withLimit(SCAN_LIMIT)
                .withMaxPause(Duration.ZERO), progress);
        List<MapSpec> found = new ArrayList<>();
        int skipped = 0;
        for (ScannedMap m : scan.candidates(maxFields)) {
            String path = m.map().path();
            var ref = m.map().instance() == null ? null : scan.handles().get(m.map().instance());
            if (ref == null || m.map().owner() == null || m.map().field() == null || path == null
                    || path.endsWith("]") || path.endsWith("}")) {
                skipped++; // held as an element of a collection, not by a field: no write site to find
                continue;
            }
            found.add(new MapSpec.Found(ref, m.map().owner(), m.map().field(), path));
        }
        return new Ranked(found, skipped);
    }
}
