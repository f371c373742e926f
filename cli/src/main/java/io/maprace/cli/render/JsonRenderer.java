package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.findings.ReportWriter;

import java.io.IOException;

/**
 * The report as JSON: the stable, machine-readable form ({@link Report#SCHEMA}), as {@link ReportJson#mapper()}
 * writes it and reads it back, written by {@link ReportWriter} without building the mapper's serializers.
 */
public final class JsonRenderer implements Renderer {

    @Override
    public void render(Report report, Appendable out) throws IOException {
        out.append(ReportWriter.json(report)).append('\n');
    }
}
