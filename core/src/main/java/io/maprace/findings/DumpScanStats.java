package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The counters of a scan of a heap dump: the scan's, the dump's (size, objects, how long indexing took), and, when
 * maprace took the dump of a live JVM itself, what taking it cost (the {@code dump...} times, null otherwise and
 * left out of the JSON).
 *
 * @param danglingReferences references to objects the dump does not hold
 * @param indexHeapBytes the tool's memory for the dump's object index
 * @param dumpKept where the dump was kept ({@code --keep}); null when it was deleted
 */
public record DumpScanStats(long classes, long staticFields, long threads, long objectsRead, long mapsFound,
                            long mapsChecked, long mapsCorrupted, long elapsedMillis, double longestPauseMillis,
                            String cutBy, long readErrors, long danglingReferences, long dumpBytes, long dumpObjects,
                            long dumpIdSize, long indexMillis, long indexHeapBytes,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double dumpPauseMillis,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean dumpPauseMeasured,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long dumpWriteMillis,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long dumpCommandMillis,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String dumpKept,
                            long sharedMaps, int sharedMapGroups) implements HeapScanStats {

    /** A dump scan's counters, before a dump taken by maprace adds its cost and the judgement its sharing. */
    public static DumpScanStats scanned(long classes, long staticFields, long threads, long objectsRead,
                                        long mapsFound, long mapsChecked, long mapsCorrupted, long elapsedMillis,
                                        String cutBy, long readErrors, long danglingReferences, long dumpBytes,
                                        long dumpObjects, long dumpIdSize, long indexMillis, long indexHeapBytes) {
        return new DumpScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                elapsedMillis, 0.0, cutBy == null ? "none" : cutBy, readErrors, danglingReferences, dumpBytes,
                dumpObjects, dumpIdSize, indexMillis, indexHeapBytes, null, null, null, null, null, 0, 0);
    }

    /**
     * The same counters with what taking the dump cost the target: its pause is the scan's longest pause.
     *
     * @param pauseMeasured whether the pause was measured (safepoints) or is the dump command's time
     */
    public DumpScanStats withDumpTaken(double pauseMillis, boolean pauseMeasured, long writeMillis,
                                       long commandMillis, String kept) {
        double pause = Math.round(pauseMillis * 10) / 10.0;
        return new DumpScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                elapsedMillis, pause, cutBy, readErrors, danglingReferences, dumpBytes, dumpObjects, dumpIdSize,
                indexMillis, indexHeapBytes, pause, pauseMeasured, writeMillis, commandMillis, kept, sharedMaps,
                sharedMapGroups);
    }

    @Override
    public DumpScanStats withSharing(long shared, int groups) {
        return new DumpScanStats(classes, staticFields, threads, objectsRead, mapsFound, mapsChecked, mapsCorrupted,
                elapsedMillis, longestPauseMillis, cutBy, readErrors, danglingReferences, dumpBytes, dumpObjects,
                dumpIdSize, indexMillis, indexHeapBytes, dumpPauseMillis, dumpPauseMeasured, dumpWriteMillis,
                dumpCommandMillis, dumpKept, shared, groups);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dumpScan(this);
    }
}
