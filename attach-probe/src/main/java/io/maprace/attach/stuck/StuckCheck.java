package io.maprace.attach.stuck;

import io.maprace.attach.LocalTarget;
import io.maprace.events.ThreadDumpText;
import io.maprace.findings.Finding;
import io.maprace.findings.Report;
import io.maprace.findings.Source;
import io.maprace.findings.StuckStats;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.graph.ContentionGraphBuilder;
import io.maprace.rules.Corroboration;
import io.maprace.rules.FindingDraft;
import io.maprace.rules.SpinningThreadsRule;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code maprace stuck}: a burst of thread dumps through the Attach API, judged by {@link SpinningThreadsRule},
 * as a report. Reads only: the dumps stop the target at a safepoint while they print, nothing else.
 */
public final class StuckCheck {

    /** The warning code of a burst whose dumps carry no CPU times (not HotSpot). */
    public static final String NO_CPU_TIMES = WarningCode.NO_CPU_TIMES.code();
    /** The warning code of a thread in map code in every dump that progressed. */
    public static final String BUSY_NOT_STUCK = WarningCode.BUSY_NOT_STUCK.code();

    private StuckCheck() {
    }

    public static Report run(LocalTarget target, StuckOptions options, String tool, Consumer<String> progress) {
        long started = System.nanoTime();
        progress.accept(options.dumps() + " thread dumps of " + target.label() + ", " + options.interval().toMillis()
                + " ms apart");
        List<ThreadDumpText> dumps = new ThreadDumpBurst(target.pid(), options, Clock.systemUTC()).take(progress);
        SpinningThreadsRule rule = new SpinningThreadsRule(options.minCpuShare(), target.hasJdwp());
        dumps.forEach(rule::accept);
        List<FindingDraft> found = rule.findings(new Corroboration());
        List<Finding> numbered = new ArrayList<>();
        ContentionGraphBuilder graph = new ContentionGraphBuilder();
        for (FindingDraft f : found) {
            Finding n = f.numbered("F" + (numbered.size() + 1));
            numbered.add(n);
            graph.addFinding(n);
        }
        List<Warning> warnings = new ArrayList<>();
        if (!rule.cpuTimesKnown()) {
            warnings.add(new Warning(NO_CPU_TIMES, "the thread dumps of " + target.label() + " carry no CPU times "
                    + "(cpu=, a HotSpot feature): judged from the stacks alone, so findings are candidates — "
                    + "check the threads' CPU with top -H -p " + target.pid()));
        }
        rule.busy().forEach(b -> warnings.add(new Warning(BUSY_NOT_STUCK, b)));
        StuckStats stats = new StuckStats(dumps.size(), options.interval().toMillis(), rule.cpuTimesKnown(),
                numbered.stream().mapToInt(f -> f.threads().size()).sum(), rule.busy().size(),
                (System.nanoTime() - started) / 1_000_000);
        Source source = new Source("stuck", List.of(target.label()), dumps.get(0).time(),
                dumps.get(dumps.size() - 1).time(), stats);
        return new Report(Report.SCHEMA, tool, source, numbered, graph.build(), warnings);
    }
}
