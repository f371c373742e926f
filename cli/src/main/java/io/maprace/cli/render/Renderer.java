package io.maprace.cli.render;

import io.maprace.findings.Report;

import java.io.IOException;

/** Draws a report. Renderers read only the report: no analysis happens here. */
public interface Renderer {

    void render(Report report, Appendable out) throws IOException;
}
