package io.maprace.findings;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The maps a report names that {@code fix} can act on: those of findings that show the map racing or damaged
 * (unsafe or concurrent writes, hidden writes, per-call state, corruption, threads stuck in it), with a path from
 * a static field. A map only shared (no write seen) is left out; so is a map a recording knows by type only.
 */
public final class FixableMaps {

    private static final Set<FindingKind> RACING = Set.of(FindingKind.UNSAFE_WRITES, FindingKind.CONCURRENT_WRITERS,
            FindingKind.HIDDEN_WRITE, FindingKind.PER_CALL_STATE, FindingKind.CORRUPTED_MAP, FindingKind.STUCK_IN_MAP);

    private FixableMaps() {
    }

    /**
     * The distinct paths, in the report's order (its most severe findings first), each element step written
     * {@code [*]} ({@code entries{"alpha"}.cache} as {@code entries[*].cache}): fix reaches a collection's elements
     * only all together.
     */
    public static List<String> paths(Report report) {
        Set<String> paths = new LinkedHashSet<>();
        for (Finding f : report.findings()) {
            if (RACING.contains(f.kind()) && f.map() != null && f.map().path() != null && !f.map().path().isBlank()) {
                paths.add(MapRef.pathPattern(f.map().path()));
            }
        }
        return List.copyOf(paths);
    }
}
