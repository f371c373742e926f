package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How the object mapper tells {@link SourceStats}' records apart when it reads a report back: by the names the
 * document holds. A mix-in of {@link ReportJson#mapper()} rather than annotations on the interface: the text
 * report lists the counters through {@link RecordValues}, which reads a record's interfaces' annotations for a type
 * id, and the JDK's first reading of annotations (a proxy class generated for each annotation type) was 10 ms of
 * every {@code analyze} run's text report. Deduction writes no type id, so the JSON is the same.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(RecordingStats.class), @JsonSubTypes.Type(ScanStats.class),
        @JsonSubTypes.Type(DumpScanStats.class), @JsonSubTypes.Type(WatchStats.class),
        @JsonSubTypes.Type(StuckStats.class), @JsonSubTypes.Type(JfrWatchStats.class),
        @JsonSubTypes.Type(CombinedWatchStats.class)})
interface SourceStatsTypes {
}
