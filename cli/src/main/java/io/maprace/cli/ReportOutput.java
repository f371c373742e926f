package io.maprace.cli;

import io.maprace.cli.render.Format;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Report;
import io.maprace.findings.Warning;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output options shared by every command that produces a report, and the writing of it. */
public final class ReportOutput {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Format.Names.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "html is a self-contained page with the thread graph drawn.")
    Format format = Format.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path output;

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
