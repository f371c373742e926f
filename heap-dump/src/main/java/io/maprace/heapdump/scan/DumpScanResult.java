package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.DumpScanStats;
import io.maprace.findings.Warning;
import io.maprace.rules.SharedGroups;

import java.time.Instant;
import java.util.List;

/**
 * What a scan of a heap dump found: the maps ranked as a live scan ranks them, its counters (the report's
 * {@code source.stats}) and what the user should know.
 *
 * @param source how the dump is named ({@code heap dump /tmp/app.hprof})
 * @param maps the leading maps, ranked, every damaged one among them
 * @param counted the other maps, counted per group of shared maps (null when {@code maps} holds them all)
 */
public record DumpScanResult(String source, Instant start, Instant end, List<ScannedMap> maps,
                             SharedGroups counted, DumpScanStats stats, List<Warning> warnings) {

    public DumpScanResult {
        maps = List.copyOf(maps);
        warnings = List.copyOf(warnings);
    }

    public long corrupted() {
        return maps.stream().filter(ScannedMap::corrupted).count();
    }
}
