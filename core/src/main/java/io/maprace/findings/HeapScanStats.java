package io.maprace.findings;

/** The counters of a heap scan, live or of a dump: the judgement adds how many maps it found shared. */
public sealed interface HeapScanStats extends SourceStats permits ScanStats, DumpScanStats {

    /** The same counters with how many maps the judgement found shared, and in how many groups. */
    HeapScanStats withSharing(long shared, int groups);
}
