package io.maprace.probe.scan;

import com.sun.jdi.ObjectReference;
import io.maprace.events.ScannedMap;
import io.maprace.findings.ScanStats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a scan found: the maps, ranked (damaged first, then by how likely several threads write them), the
 * counters, and what the user should know about the result.
 *
 * @param target how the target is named ({@code pid 1234 (com.foo.Main, JDK 17)})
 * @param warnings code and message of each limitation
 * @param handles the maps still held in the target (damaged ones and the leading ones by rank), by instance id;
 *                valid only while the session they came from is open
 */
public record ScanResult(String target, Instant start, Instant end, List<ScannedMap> maps, ScanStats stats,
                         List<io.maprace.findings.Warning> warnings, Map<Long, ObjectReference> handles) {

    public ScanResult {
        maps = List.copyOf(maps);
        warnings = List.copyOf(warnings);
        handles = Map.copyOf(handles);
    }

    /** The report of this scan: corrupted maps, then the leading shared ones (at most {@code top}). */
    public io.maprace.findings.Report report(String tool, int top) {
        return io.maprace.rules.ScanFindings.report(tool, target, start, end, maps, stats, warnings, top);
    }

    /** The maps most worth watching: shared or damaged, best first. */
    public List<ScannedMap> candidates(int n) {
        return maps.stream().filter(m -> m.shared() || m.corrupted()).limit(n).toList();
    }
}
