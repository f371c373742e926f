package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.maprace.graph.ContentionGraph;

import java.util.List;
import java.util.Objects;

/**
 * Everything a command found, the only thing renderers read.
 *
 * @param schema the report format's name and version; bumped when a field changes meaning or disappears
 * @param timeline what the relevant threads did over a recording's span; empty for live scans and watches
 */
public record Report(String schema, String tool, Source source, List<Finding> findings, ContentionGraph graph,
                     List<Warning> warnings, Timeline timeline) {

    public static final String SCHEMA = "maprace-report/1";

    @JsonCreator
    public Report {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(graph, "graph");
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
        timeline = timeline == null ? Timeline.EMPTY : timeline;
    }

    /** A report with no timeline: what live scans and watches make. */
    public Report(String schema, String tool, Source source, List<Finding> findings, ContentionGraph graph,
                  List<Warning> warnings) {
        this(schema, tool, source, findings, graph, warnings, Timeline.EMPTY);
    }
}
