package io.maprace.cli;

import io.maprace.cli.render.Format;
import io.maprace.findings.RecordingStats;
import io.maprace.findings.Report;
import io.maprace.findings.SampleCounts;
import io.maprace.findings.Source;
import io.maprace.graph.ContentionGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportOutputTest {

    @CommandLine.Command(name = "analyze")
    static final class Analyze implements Runnable {
        @CommandLine.Mixin
        ReportOutput output;

        @Override
        public void run() {
        }
    }

    private static ReportOutput parse(String... args) {
        Analyze command = new Analyze();
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args);
        return command.output;
    }

    private static Report report() {
        return new Report(Report.SCHEMA, "maprace test", new Source("recording", List.of("app.jfr"), null, null,
                RecordingStats.of(1, 1024, 1, 50, new SampleCounts(42, 2, 20, 0, 0, 0, 0, 0, 0, 0), 5)), List.of(), ContentionGraph.EMPTY, List.of());
    }

    @Test
    void textIsTheDefaultAndFirstFormat() {
        assertEquals(Format.TEXT, parse().format);
        assertEquals(Format.TEXT, Format.values()[0]);
        assertEquals(Format.HTML, parse("-f", "html").format);
        assertEquals(Format.DOT, parse("--format", "DOT").format);
    }

    @Test
    void helpListsTheFormatsAsTyped() {
        String usage = new CommandLine(new Analyze()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("Output format: text, json, dot, html (default: text)"), usage);
    }

    @Test
    void theDefaultOutputIsTheTextReport() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = parse().write(report(), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code);
        assertTrue(out.toString().startsWith("maprace: analysis of a JFR recording\n"), out.toString());
        assertTrue(out.toString().contains("No map races found in 42 execution samples of 2 threads."), out.toString());
    }

    @Test
    void anHtmlReportGoesToTheFileAsked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("reports/app.html");
        StringWriter err = new StringWriter();
        parse("-f", "html", "-o", file.toString()).write(report(), new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
        assertEquals("maprace: wrote html report to " + file, err.toString().strip());
    }
}
