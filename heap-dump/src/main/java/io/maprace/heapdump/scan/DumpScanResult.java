package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Warning;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a scan of a heap dump found: the maps ranked as a live scan ranks them, its counters (the report's
 * {@code source.stats}) and what the user should know.
 *
 * @param source how the dump is named ({@code heap dump /tmp/app.hprof})
 */
public record DumpScanResult(String source, Instant start, Instant end, List<ScannedMap> maps,
                             Map<String, Object> stats, List<Warning> warnings) {

    public DumpScanResult {
        maps = List.copyOf(maps);
        stats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stats));
        warnings = List.copyOf(warnings);
    }

    public long corrupted() {
        return maps.stream().filter(ScannedMap::corrupted).count();
    }
}
