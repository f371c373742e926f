package io.maprace.cli;

import io.maprace.findings.Advice;
import io.maprace.findings.Report;
import io.maprace.jfr.ReaderKind;
import io.maprace.jfr.RecordingAnalyzer;
import io.maprace.rules.AnalysisSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code maprace analyze}: map races in flight recordings, post-mortem. */
@Command(name = "analyze",
        description = {"Finds map races in JFR recordings: threads stuck or spinning in map internals, write sites "
                + "executed by several threads at the same moment, writes the API hides (LRU get, WeakHashMap "
                + "reads), exceptions from inside maps, and who blocked whom on locks.",
                "Record with " + Advice.RECORDING_FLAG + " (execution samples every 10 ms, lock waits from 1 ms) or "
                        + Advice.RECORDING_COMMAND + "; settings=profile alone misses short waits for a "
                        + "synchronized block, so a map it guards can look unguarded."},
        mixinStandardHelpOptions = true,
        footer = {"%nExamples:",
                "  maprace analyze app.jfr",
                "  maprace analyze --format html -o report.html app.jfr",
                "  maprace analyze --format json hs_err_pid4242.jfr | jq '.findings[] | .kind'",
                "  maprace analyze day1.jfr day2.jfr"})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE.jfr", description = "Recordings to analyze, read in one pass.")
    List<Path> files;

    @Mixin
    ReportOutput output;

    @Option(names = "--stuck-after", paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long a thread must stay in one map-internal method to count as stuck "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration stuckAfter;

    @Option(names = "--max-candidates", paramLabel = "N", defaultValue = "5",
            description = "Candidate write sites to report, strongest first; likely and proven findings are "
                    + "always reported (default: ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--include-jdk", description = "Also report write sites inside the JDK's own code.")
    boolean includeJdk;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up reading a file after this long (a corrupted recording can make the parser "
                    + "loop). Default: 60 s plus 10 s per 100 MB.")
    Duration timeout;

    @Option(names = "--reader", paramLabel = "PARSER", defaultValue = "lean",
            converter = ReaderKindConverter.class,
            description = "Parser of the recordings: lean (maprace's own, reads only what the rules use; default) "
                    + "or jdk (the JDK's jdk.jfr.consumer parser, slower; same report, for comparison).")
    ReaderKind reader;

    @Mixin
    QuietOption quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AnalysisSettings settings = AnalysisSettings.defaults().withStuckAfter(stuckAfter)
                .withMaxCandidates(maxCandidates).withIncludeJdkSites(includeJdk);
        PrintWriter err = spec.commandLine().getErr();
        Report report;
        try (StderrProgress progress = quiet.progress("maprace analyze", err)) {
            RecordingAnalyzer analyzer = new RecordingAnalyzer(settings, timeout, new RecordingProgress(progress),
                    "maprace " + VersionProvider.version(), reader);
            report = analyzer.analyze(files);
        }
        return output.write(report, spec.commandLine().getOut(), err);
    }
}
