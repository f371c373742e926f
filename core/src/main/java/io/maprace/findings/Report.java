package io.maprace.findings;

import io.maprace.graph.ContentionGraph;

import java.util.List;
import java.util.Objects;

/**
 * Everything a command found, the only thing renderers read.
 *
 * @param schema the report format's name and version; bumped when a field changes meaning or disappears
 */
public record Report(String schema, String tool, Source source, List<Finding> findings, ContentionGraph graph,
                     List<Warning> warnings) {

    public static final String SCHEMA = "maprace-report/1";

    public Report {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(graph, "graph");
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }
}
