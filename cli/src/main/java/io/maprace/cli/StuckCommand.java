package io.maprace.cli;

import io.maprace.attach.LocalTarget;
import io.maprace.attach.stuck.StuckCheck;
import io.maprace.attach.stuck.StuckOptions;
import io.maprace.findings.Finding;
import io.maprace.findings.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code maprace stuck <target>}: threads spinning forever in a corrupted map, from a burst of thread dumps. */
@Command(name = "stuck",
        mixinStandardHelpOptions = true,
        description = {"The first command to run on a JVM at 100%% CPU: takes a short burst of thread dumps through"
                + " the Attach API (like jstack, without its lock scan) and reports the threads that stay RUNNABLE"
                + " inside map internals (HashMap$TreeNode.find, HashMap.getNode, WeakHashMap.get, TreeMap...) from"
                + " the same call site in every dump while burning CPU: the loop of a map a race has corrupted."
                + " Threads that pass through map code, or progress over a large healthy map, are not reported.",
                "Needs nothing on the target's command line. Each dump pauses the target while it prints its"
                        + " stacks (milliseconds for hundreds of threads)."},
        footer = {"%nExamples:",
                "  maprace stuck 12345",
                "  maprace stuck OrderService --dumps 10 --interval 1s",
                "  maprace stuck 12345 --format json | jq '.findings[] | {title, sites}'",
                "%nExit codes: 0 checked (stuck threads or not); 2 usage; 20-27 target problems (no such process,"
                        + " another user's JVM, attach refused...)."})
final class StuckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "The JVM: a pid, or its main class (or a unique part of it).")
    String target;

    @Option(names = "--dumps", paramLabel = "N", defaultValue = "" + StuckOptions.DEFAULT_DUMPS,
            description = "Thread dumps to take (default: ${DEFAULT-VALUE}).")
    int dumps;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "400ms", converter = DurationConverter.class,
            description = "Time between two dumps (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--min-cpu", paramLabel = "PERCENT", defaultValue = "1%", converter = BudgetConverter.class,
            description = "The share of one core a thread must use over the burst to count as spinning (default:"
                    + " 1%%: on a host whose cores are all busy a spinning thread gets only its share; a thread waiting"
                    + " in native code while RUNNABLE uses none).")
    double minCpu;

    @Mixin
    QuietOption quiet;

    @Mixin
    ReportOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        StuckOptions options = new StuckOptions(dumps, interval, minCpu, Duration.ofSeconds(10));
        LocalTarget t = LocalTarget.resolve(target, "stuck", Duration.ofSeconds(10));
        Report report = StuckCheck.run(t, options, "maprace " + VersionProvider.version(), this::progress);
        for (Finding f : report.findings()) {
            progress(f.severity().label() + ": " + f.title());
        }
        if (report.findings().isEmpty()) {
            progress("no thread stuck in map code");
        }
        return output.write(report, spec.commandLine().getOut(), err);
    }

    private void progress(String line) {
        if (!quiet.on()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("maprace stuck: " + line);
            err.flush();
        }
    }
}
