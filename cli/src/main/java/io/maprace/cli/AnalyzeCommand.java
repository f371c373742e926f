package io.maprace.cli;

import io.maprace.findings.Advice;
import io.maprace.findings.Report;
import io.maprace.jfr.ReaderKind;
import io.maprace.jfr.RecordingAnalyzer;
import io.maprace.rules.AnalysisSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code maprace analyze}: map races in flight recordings, post-mortem.
 *
 * <p>Its command line is modelled in code, not with picocli's annotations as the other verbs' are: the JDK reads
 * annotations through a proxy class it generates, in the interpreter, for each annotation type, and with picocli's
 * other reflection that was 30-45 ms of every analyze run's start, a twelfth of the run on the 500 MB benchmark
 * recording (bench/results-analyze.md). The live verbs run for seconds at least.
 */
final class AnalyzeCommand implements Callable<Integer> {

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    AnalyzeCommand() {
        spec.name("analyze").versionProvider(new VersionProvider());
        spec.usageMessage().description(
                "Finds map races in JFR recordings: threads stuck or spinning in map internals, write sites "
                        + "executed by several threads at the same moment, writes the API hides (LRU get, "
                        + "WeakHashMap reads), exceptions from inside maps, and who blocked whom on locks.",
                "Record with " + Advice.RECORDING_FLAG + " (execution samples every 10 ms, lock waits from 1 ms) or "
                        + Advice.RECORDING_COMMAND + "; settings=profile alone misses short waits for a "
                        + "synchronized block, so a map it guards can look unguarded.");
        spec.usageMessage().footer("%nExamples:",
                "  maprace analyze app.jfr",
                "  maprace analyze --format html -o report.html app.jfr",
                "  maprace analyze --format json hs_err_pid4242.jfr | jq '.findings[] | .kind'",
                "  maprace analyze day1.jfr day2.jfr");
        spec.addPositional(PositionalParamSpec.builder().arity("1..*").required(true)
                .paramLabel("FILE.jfr").type(List.class)
                .auxiliaryTypes(Path.class).description("Recordings to analyze, read in one pass.").build());
        for (OptionSpec o : ReportOutput.optionSpecs()) {
            spec.addOption(o);
        }
        spec.addOption(OptionSpec.builder("--stuck-after").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter()).defaultValue("3s")
                .description("How long a thread must stay in one map-internal method to count as stuck "
                        + "(default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--max-candidates").paramLabel("N").type(int.class).defaultValue("5")
                .description("Candidate write sites to report, strongest first; likely and proven findings are "
                        + "always reported (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--include-jdk").type(boolean.class)
                .description("Also report write sites inside the JDK's own code.").build());
        spec.addOption(OptionSpec.builder("--timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter())
                .description("Give up reading a file after this long (a corrupted recording can make the parser "
                        + "loop). Default: 60 s plus 10 s per 100 MB.").build());
        spec.addOption(OptionSpec.builder("--reader").paramLabel("PARSER").type(ReaderKind.class)
                .converters(new ReaderKindConverter()).defaultValue("lean")
                .description("Parser of the recordings: lean (maprace's own, reads only what the rules use; "
                        + "default) or jdk (the JDK's jdk.jfr.consumer parser, slower; same report, for "
                        + "comparison).").build());
        spec.addOption(QuietOption.optionSpec());
        StandardHelpOptions.addTo(spec);
    }

    /** The command's model, for picocli to parse into and run. */
    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        AnalysisSettings settings = AnalysisSettings.defaults().withStuckAfter(value("--stuck-after"))
                .withMaxCandidates(value("--max-candidates"))
                .withIncludeJdkSites(Boolean.TRUE.equals(value("--include-jdk")));
        List<Path> files = spec.positionalParameters().get(0).getValue();
        PrintWriter err = spec.commandLine().getErr();
        Report report;
        try (StderrProgress progress = QuietOption.parsed(spec).progress("maprace analyze", err)) {
            RecordingAnalyzer analyzer = new RecordingAnalyzer(settings, value("--timeout"),
                    new RecordingProgress(progress), "maprace " + VersionProvider.version(), value("--reader"));
            report = analyzer.analyze(files);
        }
        return ReportOutput.parsed(spec).write(report, spec.commandLine().getOut(), err);
    }

    private <T> T value(String option) {
        return spec.findOption(option).getValue();
    }
}
