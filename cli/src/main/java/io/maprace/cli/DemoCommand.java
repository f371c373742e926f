package io.maprace.cli;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Advice;
import io.maprace.findings.Report;
import io.maprace.jfr.AnalysisProgress;
import io.maprace.jfr.RecordingAnalyzer;
import io.maprace.rules.AnalysisSettings;
import io.maprace.samples.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code maprace demo}: the whole post-mortem path on a bundled racy program, with nothing to set up. */
@Command(name = "demo",
        description = {"Runs a bundled racy program with a flight recording, analyzes the recording and prints the "
                + "report; then records its fixed twin the same way and says what the analysis found there.",
                "The programs are the samples maprace is tested on, one per race shape (--list)."},
        mixinStandardHelpOptions = true,
        footer = {"%nExamples:",
                "  maprace demo",
                "  maprace demo --sample read-locked-lru --format html -o lru.html",
                "  maprace demo --list"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--sample", paramLabel = "NAME", defaultValue = "read-locked-lru",
            description = "Which racy sample to run (default: ${DEFAULT-VALUE}); --list shows them.")
    String sampleName;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "6",
            description = "How long to record each program (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Worker threads of the sample (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--no-twin", description = "Do not record the fixed twin.")
    boolean noTwin;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the recordings in DIR (by default they are deleted).")
    Path keep;

    @Option(names = "--list", description = "List the samples and exit.")
    boolean list;

    @Mixin
    ReportOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            for (Catalog.Sample s : Catalog.all()) {
                if (s.kind() == Catalog.Kind.RACE || s.kind() == Catalog.Kind.CORRUPTED) {
                    out.printf("%-22s shape %d  %s%n", s.name(), s.shape(), s.description());
                }
            }
            out.flush();
            return 0;
        }
        Catalog.Sample sample = Catalog.byName(sampleName).orElseThrow(() -> new MapraceException(Problem.USAGE,
                "no sample named '" + sampleName + "' — see maprace demo --list"));
        if (seconds < 2 || seconds > 600) {
            throw new MapraceException(Problem.USAGE, "--seconds must be between 2 and 600");
        }
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("maprace-demo");
        try {
            Path recording = dir.resolve(sample.name() + ".jfr");
            Report report = recordAndAnalyze(sample, recording, err);
            int code = output.write(report, out, err);
            if (!noTwin && sample.twin().isPresent()) {
                Catalog.Sample twin = Catalog.require(sample.twin().get());
                Report twinReport = recordAndAnalyze(twin, dir.resolve(twin.name() + ".jfr"), err);
                err.printf("maprace demo: the fixed twin, %s (%s), recorded the same way: %s%n", twin.name(),
                        twin.description(), twinReport.findings().isEmpty() ? "no findings"
                                : twinReport.findings().size() + " findings");
            }
            if (keep != null) {
                err.println("maprace demo: recordings kept in " + dir + "; analyze one with: maprace analyze "
                        + recording);
            }
            err.flush();
            return code;
        } finally {
            if (keep == null) {
                deleteQuietly(dir);
            }
        }
    }

    private Report recordAndAnalyze(Catalog.Sample sample, Path recording, PrintWriter err) {
        err.printf("maprace demo: running %s for %d s with %s — %s%n",
                sample.name(), seconds, Advice.RECORDING_FLAG, sample.description());
        err.flush();
        SampleLauncher.currentJvm().record(sample, seconds, threads, recording, line -> {
            if (line.startsWith("progress") || line.startsWith("done")) {
                err.println("  " + sample.name() + " | " + line);
                err.flush();
            }
        });
        err.println("maprace demo: analyzing " + recording.getFileName());
        err.flush();
        return new RecordingAnalyzer(AnalysisSettings.defaults(), null, AnalysisProgress.NONE,
                "maprace " + VersionProvider.version()).analyze(List.of(recording));
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
