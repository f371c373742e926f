package io.maprace.findings;

import java.util.Map;

/**
 * The counters of the work a source did, one record per kind of source, under {@code source.stats} in the JSON.
 * The JSON names are the records' component names, in their order; the JSON carries no type name: reading a
 * report back picks the record whose names the document holds ({@code executionSamples}, {@code objectsRead},
 * {@code writes}...).
 *
 * <p>A new kind of source adds its record here (to {@code permits} and {@link Visitor}) and to
 * {@link SourceStatsTypes}, with at least one name no other record has; the compiler then shows every reader that
 * must say something about it.
 */
public sealed interface SourceStats permits RecordingStats, HeapScanStats, WatchStats, StuckStats,
        JfrWatchStats, CombinedWatchStats {

    <R> R accept(Visitor<R> visitor);

    /**
     * The counters by their JSON names, in the report's order, as the JSON holds them (counters the JSON leaves
     * out are left out): for readers that list every counter without knowing the kind of source.
     */
    default Map<String, Object> named() {
        return RecordValues.of((Record) this);
    }

    /** What each kind of source's counters say to a reader: one method per record, so none is forgotten. */
    interface Visitor<R> {
        R recording(RecordingStats stats);

        R scan(ScanStats stats);

        R dumpScan(DumpScanStats stats);

        R watch(WatchStats stats);

        R stuck(StuckStats stats);

        R jfrWatch(JfrWatchStats stats);

        R combinedWatch(CombinedWatchStats stats);
    }
}
