package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;

import java.io.IOException;

/** The report as JSON: the stable, machine-readable form ({@link Report#SCHEMA}). */
public final class JsonRenderer implements Renderer {

    @Override
    public void render(Report report, Appendable out) throws IOException {
        out.append(ReportJson.mapper().writeValueAsString(report)).append('\n');
    }
}
