package io.maprace.cli;

import io.maprace.attach.LocalTarget;
import io.maprace.attach.jfr.TargetRecording;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Report;
import io.maprace.findings.WatchChoice;
import io.maprace.jfr.RepositoryAnalyzer;
import io.maprace.model.WatchResult;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.watch.MapSpec;
import io.maprace.probe.watch.SampledSites;
import io.maprace.probe.watch.WatchOptions;
import io.maprace.probe.watch.WatchTargets;
import io.maprace.rules.AnalysisSettings;
import io.maprace.rules.CombinedWatchReport;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code maprace watch --evidence both}: a flight recording and breakpoints in one session. The recording starts
 * first; the sites where it samples several threads writing a map say which maps the breakpoints watch first
 * (ahead of the scan's ranking), and the breakpoints prove or clear them. One report, each piece of evidence
 * marked sampled or proven ({@link CombinedWatchReport}). At the end our recording is stopped and every
 * breakpoint deleted, as each mode alone does; the exit codes are theirs.
 */
final class BothWatch {

    /** The longest the recording looks before the breakpoints are set (the ranking scan's time included). */
    private static final Duration LOOK = Duration.ofSeconds(10);
    /** Each look replays every event read so far through the rules: not more often than events arrive. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Findings whose sites are writes by several threads: where the breakpoints should look. */
    private static final Set<FindingKind> WRITES = EnumSet.of(FindingKind.CONCURRENT_WRITERS,
            FindingKind.HIDDEN_WRITE, FindingKind.PER_CALL_STATE);

    private final WatchCommand command;
    private final JfrWatch jfr;

    BothWatch(WatchCommand command, Path keep, boolean quiet, PrintWriter err) {
        this.command = command;
        this.jfr = new JfrWatch(command.duration, keep, quiet, err);
    }

    int run(List<MapSpec> named, StderrProgress progress, ReportOutput output, PrintWriter out) {
        LocalTarget target = LocalTarget.resolve(command.target, "watch --evidence both", JfrWatch.ATTACH_TIMEOUT);
        // JDWP first: a JVM without an agent fails here with the flag to add, before anything is started in it.
        try (AttachedVm attached = Attacher.attach(TargetSpec.parse(Long.toString(target.pid())),
                JfrWatch.ATTACH_TIMEOUT, progress)) {
            progress.status("attached to " + attached.description() + "; starting a flight recording beside the"
                    + " breakpoints");
            return jfr.withRecording(target, recording -> watch(attached, target, recording, named, progress),
                    output, out);
        }
    }

    private Report watch(AttachedVm attached, LocalTarget target, TargetRecording recording, List<MapSpec> named,
                         StderrProgress progress) {
        Path repository = recording.repository(JfrWatch.ATTACH_TIMEOUT);
        try (RepositoryAnalyzer analyzer = new RepositoryAnalyzer(repository, recording.started(),
                AnalysisSettings.defaults())) {
            analyzer.start();
            long began = System.nanoTime();
            long deadline = began + command.duration.toNanos();
            jfr.progress("recording " + recording.name() + ", reading " + repository + " (events arrive 1-2 s late)");
            Set<String> printed = new HashSet<>();
            List<MapSpec> specs = named;
            List<WatchChoice> chosen = List.of();
            if (named.isEmpty()) {
                WatchTargets.Ranked ranked = command.ranked(attached, progress);
                List<String> sites = look(analyzer, began, deadline, printed);
                List<SampledSites.Written> written = attached.writtenAt(sites);
                ranked = WatchTargets.steer(ranked, written, command.maxFields);
                specs = ranked.specs();
                chosen = ranked.chosen();
                progress.status(written.isEmpty() ? "the recording has named no map written by several threads yet:"
                        + " the scan's ranking decides" : "the recording sampled several threads writing "
                        + String.join(", ", written.stream().map(SampledSites.Written::key).toList())
                        + ": watched first");
            }
            List<String> steered = chosen.stream().filter(c -> c.why() == WatchChoice.Why.SAMPLED)
                    .map(WatchChoice::line).toList();
            Duration rest = Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), deadline - System.nanoTime()));
            WatchResult result = breakpoints(attached, specs, chosen, rest, progress);
            String end = jfr.stopRequested() ? "interrupted" : !JfrWatch.alive(target.pid()) ? "target-exited"
                    : !JfrWatch.running(recording, target.pid()) ? "recording-lost"
                    : command.stopOnProof && result.stats().proofs() > 0 && System.nanoTime() < deadline
                    ? "stop-on-proof" : "duration";
            JfrWatch.Streamed streamed = jfr.finish(analyzer, recording, target, end, began);
            jfr.printNew(streamed.result().findings(), printed);
            Report report = CombinedWatchReport.of(result, streamed.result(), streamed.stats(), streamed.warnings(),
                    steered, "maprace " + VersionProvider.version());
            WatchCommand.summary(progress, report);
            return report;
        }
    }

    /**
     * Lets the recording look until it names write sites of several threads, at most {@link #LOOK} from its
     * start (the ranking scan's time counts); prints its findings as they appear.
     */
    private List<String> look(RepositoryAnalyzer analyzer, long began, long deadline, Set<String> printed) {
        long until = Math.min(began + LOOK.toNanos(), began + (deadline - began) / 3);
        while (true) {
            List<Finding> interim = analyzer.interim();
            jfr.printNew(interim, printed);
            Set<String> sites = new LinkedHashSet<>();
            for (Finding f : interim == null ? List.<Finding>of() : interim) {
                if (WRITES.contains(f.kind()) && f.threads().size() >= 2) {
                    sites.addAll(f.sites());
                }
            }
            if (!sites.isEmpty() || System.nanoTime() >= until || jfr.stopRequested()) {
                return new ArrayList<>(sites);
            }
            JfrWatch.sleep(POLL);
        }
    }

    /** The breakpoint watch, as {@code watch} alone runs it; the session is closed (the target freed) on return. */
    private WatchResult breakpoints(AttachedVm attached, List<MapSpec> specs, List<WatchChoice> chosen,
                                    Duration rest, StderrProgress progress) {
        WatchOptions options = new WatchOptions(attached.description(), specs, command.budget, rest,
                command.stopOnProof, command.hold, command.maxFields, command.lockWaits, chosen);
        // On Ctrl-C the recording's hook waits for the report: the detach need not.
        return WatchCommand.session(attached, options, progress, result -> result);
    }
}
