package io.maprace.model;

import io.maprace.events.LockWait;
import io.maprace.events.ScannedMap;
import io.maprace.findings.Warning;
import io.maprace.findings.WatchStats;

import java.time.Instant;
import java.util.List;

/**
 * What one watch saw, free of JDI types: the input of {@link WatchReport}.
 *
 * @param target how the target was named ({@code 127.0.0.1:5005 (OpenJDK 17.0.15)})
 * @param maps every map instance seen written
 * @param lockWaits monitor contention seen while watching
 * @param stats counters: hits, time watched, time the target spent held... (its maps and verdicts are the
 *              judgement's: {@link WatchReport} sets them)
 * @param damaged watched maps whose integrity check (when the watch armed, or when it ended) found them damaged,
 *                whether or not a write was seen: a race that is over still shows
 */
public record WatchResult(String target, Instant start, Instant end, List<MapHistory> maps,
                          List<LockWait> lockWaits, WatchStats stats, List<Warning> warnings,
                          List<ScannedMap> damaged) {

    public WatchResult {
        maps = List.copyOf(maps);
        lockWaits = List.copyOf(lockWaits);
        warnings = List.copyOf(warnings);
        damaged = List.copyOf(damaged);
    }

    public WatchResult(String target, Instant start, Instant end, List<MapHistory> maps, List<LockWait> lockWaits,
                       WatchStats stats, List<Warning> warnings) {
        this(target, start, end, maps, lockWaits, stats, warnings, List.of());
    }
}
