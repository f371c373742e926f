package io.maprace.probe.scan;

import java.time.Instant;
import java.util.List;

/**
 * Everything a scan found: the maps, ranked (damaged first, then by how likely several threads write them), the
 * counters, and what the user should know about the result.
 *
 * @param target how the target is named ({@code pid 1234 (com.foo.Main, JDK 17)})
 * @param warnings code and message of each limitation
 */
public record ScanResult(String target, Instant start, Instant end, List<ScannedMap> maps, ScanStats stats,
                         List<io.maprace.findings.Warning> warnings) {

    public ScanResult {
        maps = List.copyOf(maps);
        warnings = List.copyOf(warnings);
    }

    /** The maps most worth watching: shared or damaged, best first. */
    public List<ScannedMap> candidates(int n) {
        return maps.stream().filter(m -> m.shared() || m.corrupted()).limit(n).toList();
    }
}
