package io.maprace.cli;

import io.maprace.cli.render.Format;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Report;
import io.maprace.findings.Warning;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Output options shared by every command that produces a report, and the writing of it. */
public final class ReportOutput {

    private static final String FORMAT_HELP = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
            + "html is a self-contained page with the thread graph drawn.";
    private static final String OUTPUT_HELP = "Write the report to FILE instead of standard output.";

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Format.Names.class, description = FORMAT_HELP)
    Format format = Format.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = OUTPUT_HELP)
    Path output;

    /** The same options for a command whose model is built in code (see {@link AnalyzeCommand}). */
    static List<OptionSpec> optionSpecs() {
        return List.of(
                OptionSpec.builder("-f", "--format").paramLabel("FORMAT").type(Format.class).defaultValue("text")
                        .completionCandidates(new Format.Names()).description(FORMAT_HELP).build(),
                OptionSpec.builder("-o", "--output").paramLabel("FILE").type(Path.class).description(OUTPUT_HELP)
                        .build());
    }

    /** The options' values as picocli parsed them into a model built with {@link #optionSpecs()}. */
    static ReportOutput parsed(CommandSpec spec) {
        ReportOutput o = new ReportOutput();
        o.format = spec.findOption("--format").getValue();
        o.output = spec.findOption("--output").getValue();
        return o;
    }

    /**
     * Writes the report and returns the exit code: 0, or the code of the first warning that names an input
     * problem (a truncated recording still gets its report, and a distinct code).
     */
    public int write(Report report, PrintWriter stdout, PrintWriter stderr) {
        try {
            if (output == null) {
                format.renderer().render(report, stdout);
                stdout.flush();
            } else {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    format.renderer().render(report, w);
                }
                stderr.println("maprace: wrote " + format.name().toLowerCase() + " report to " + output);
            }
        } catch (IOException e) {
            throw new MapraceException(Problem.OUTPUT_UNWRITABLE,
                    "cannot write '" + output + "': " + e.getMessage() + " — choose another -o path");
        }
        for (Warning w : report.warnings()) {
            stderr.println("maprace: warning: " + w.message());
        }
        stderr.flush();
        if (WRITING.equals(System.getProperty(CLASS_ARCHIVE))) {
            renderOtherFormats(report);
        }
        return exitCode(report);
    }

    /**
     * The property {@code bin/maprace} sets on the run of {@code analyze} that writes its class-data archive: the
     * archive holds the classes that run loaded, so a first run in text left the JSON and HTML renderers' to the jar
     * (a 2 MB recording: JSON in 0.23 s against 0.20 s with them archived).
     */
    static final String CLASS_ARCHIVE = "maprace.classArchive";
    static final String WRITING = "writing";

    /** The report in every other format, into nothing: their classes loaded, for the archive. */
    private void renderOtherFormats(Report report) {
        for (Format f : Format.values()) {
            if (f == format) {
                continue;
            }
            try {
                f.renderer().render(report, Writer.nullWriter());
            } catch (IOException | RuntimeException e) {
                // only the classes were wanted: a renderer that fails here fails for the user's own format alone
            }
        }
    }

    static int exitCode(Report report) {
        for (Warning w : report.warnings()) {
            if (w.exitCode() != 0) {
                return w.exitCode();
            }
        }
        return 0;
    }
}
