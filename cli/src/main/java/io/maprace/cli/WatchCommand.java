package io.maprace.cli;

import io.maprace.cli.render.Summary;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Report;
import io.maprace.findings.WatchChoice;
import io.maprace.model.WatchResult;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.watch.MapSpec;
import io.maprace.probe.watch.WatchListener;
import io.maprace.probe.watch.WatchOptions;
import io.maprace.probe.watch.WatchSession;
import io.maprace.probe.watch.SetupClock;
import io.maprace.probe.watch.WatchTargets;
import io.maprace.rules.WatchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code maprace watch}: proof of map races in a running JVM, from breakpoints at the maps' write sites. */
@Command(name = "watch",
        description = {"Watches writes to non-thread-safe maps in a running JVM and proves races: when a thread"
                + " starts a write, it is held for a moment; if another thread enters a write of the same map"
                + " meanwhile, both stacks are the proof. Writes from several threads without a common exclusive"
                + " lock are reported as likely. The target keeps serving: the watch costs at most --budget of"
                + " the writing threads' time (it samples in windows when writes come faster), holds a thread at"
                + " most --hold, and removes every breakpoint when it ends, on Ctrl-C, or if killed.",
                "Without --map, a short scan (at most 10 s, no thread stopped) ranks the target's shared maps and"
                        + " the best --max-fields of them are watched. The JVM must run with"
                        + " -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0."},
        mixinStandardHelpOptions = true,
        footer = {"%nExamples:",
                "  maprace watch 12345                   # a pid: the maps a scan ranks highest, 30 s",
                "  maprace watch OrderService --duration 2m",
                "  maprace watch --map com.foo.Factory.DEFAULT.cache --duration 20s 5005",
                "  maprace watch --map com.foo.Registry#cache --format html -o watch.html 127.0.0.1:5005",
                "  maprace watch --budget 1%% --hold 0 --duration 2m 5005     # observe only, never hold a thread",
                "  maprace watch 12345 --evidence both  # a flight recording says where, breakpoints prove it"})
final class WatchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "The JVM: a pid, a main class or a unique part of it (its JDWP agent must be listening or"
                    + " dormant), or its JDWP address: host:port, or a port on this host.")
    String target;

    @Option(names = "--map", paramLabel = "MAP",
            description = "A map to watch (repeatable): a path from a static field (com.foo.Factory.DEFAULT.cache)"
                    + " or a field of every instance (com.foo.Registry#cache); [*] steps through the values of a map or"
                    + " the elements of a set, list or array. Default: the maps a short scan ranks highest.")
    List<String> maps = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to watch (default: ${DEFAULT-VALUE}); Ctrl-C ends early with the report so far.")
    Duration duration;

    @Option(names = "--budget", paramLabel = "PERCENT", defaultValue = "5%", converter = BudgetConverter.class,
            description = "The slowdown the watch may cost the threads that write the maps (default: 5%%).")
    double budget;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
            description = "The longest a writer is held waiting for a second one (default: ${DEFAULT-VALUE});"
                    + " 0 never holds a thread: races are then likely at best, not proven.")
    Duration hold;

    @Option(names = "--stop-on-proof", description = "End as soon as one race is proven.")
    boolean stopOnProof;

    @Option(names = "--max-fields", paramLabel = "N", defaultValue = "32",
            description = "Without --map, how many of the ranked maps to watch at most (default: ${DEFAULT-VALUE}).")
    int maxFields;

    @Option(names = "--include-jdk", description = "Without --map, the JDK's own maps (java.*, javax.*, jdk.*, sun.*,"
            + " com.sun.* state) may be chosen too; by default only the application's and its libraries' are.")
    boolean includeJdk;

    @Option(names = "--lock-waits", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Record who blocked on whose monitor, for the thread graph (default: on). Off saves an"
                    + " event per contended monitor entry.")
    boolean lockWaits;

    @Mixin
    QuietOption quiet;

    @Mixin
    ReportOutput output;

    @Mixin
    JfrWatchOptions jfrWatch;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;


    @Override
    @SuppressWarnings("try") // the session is closed before the report is rendered: the target is freed first
    public Integer call() {
        started = SetupClock.now();
        EvidenceChoice evidence = jfrWatch.choice(target);
        if (evidence == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--evidence " + jfrWatch.evidence
                    .name().toLowerCase(java.util.Locale.ROOT) + " contradicts --jfr (--evidence sampled) or --keep"
                    + " (a recording): choose one");
        }
        if (maps.isEmpty() && evidence == EvidenceChoice.SAMPLED) {
            return new JfrWatch(duration, jfrWatch.keep, quiet.on(), spec.commandLine().getErr())
                    .run(target, output, spec.commandLine().getOut());
        }
        List<MapSpec> specs = maps.stream().map(MapSpec::parse).toList();
        List<WatchChoice> chosen = List.of();
        if (hold.isNegative() || hold.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--hold must be between 0 and 1s: '" + hold.toMillis() + "ms'");
        }
        if (evidence == EvidenceChoice.BOTH) {
            try (StderrProgress progress = quiet.progress("maprace watch", spec.commandLine().getErr())) {
                return new BothWatch(this, jfrWatch.keep, quiet.on(), spec.commandLine().getErr())
                        .run(specs, progress, output, spec.commandLine().getOut());
            }
        }
        // A JDWP address (host:port, or a number that is no local process's pid: a port), or a pid or main class: all
        // attached like every live command, through the agent the JVM was started with.
        TargetSpec targetSpec = TargetSpec.parse(isJdwpAddress(target) && !target.contains(":") ? ":" + target
                : target);
        PrintWriter err = spec.commandLine().getErr();
        try (StderrProgress progress = quiet.progress("maprace watch", err);
             AttachedVm attached = attach(targetSpec, progress)) {
            progress.status("attached to " + attached.description());
            if (specs.isEmpty()) {
                WatchTargets.Ranked ranked = ranked(attached, progress);
                specs = ranked.specs();
                chosen = ranked.chosen();
            }
            return watch(attached, specs, chosen, progress, err);
        }
    }

    /** When the command started: the setup the report states runs from here (attach and ranking included). */
    private SetupClock started;

    private AttachedVm attach(TargetSpec targetSpec, StderrProgress progress) {
        try {
            return Attacher.attach(targetSpec, Duration.ofSeconds(20), progress);
        } catch (MapraceException e) {
            if (e.problem() == Problem.NOT_A_JAVA_PROCESS && target.matches("\\d+")) {
                throw new MapraceException(e.problem(), e.getMessage() + "; for a JDWP port on this host, write"
                        + " 127.0.0.1:" + target);
            }
            throw e;
        }
    }

    /**
     * Without --map: the maps scan ranks highest (shared, or damaged), each held by a field whose write sites can
     * be found. None ranked: the engine then takes the application's map fields.
     */
    WatchTargets.Ranked ranked(AttachedVm attached, StderrProgress progress) {
        progress.status("ranking the target's shared maps (a scan of at most " + WatchTargets.SCAN_TIME.toSeconds()
                + " s)");
        WatchTargets.Ranked ranked = WatchTargets.rank(attached, maxFields, includeJdk, progress);
        progress.close();
        int n = ranked.specs().size();
        progress.status("scan ranked " + n + (n == 1 ? " map" : " maps") + " to watch" + (ranked.skipped() > 0
                ? " (" + ranked.skipped() + " held only inside other collections left out)" : "")
                + (ranked.jdkLeftOut() > 0 ? " (" + ranked.jdkLeftOut() + " of the JDK's own left out: --include-jdk)"
                : ""));
        return ranked;
    }

    private int watch(AttachedVm attached, List<MapSpec> specs, List<WatchChoice> chosen, StderrProgress progress,
                      PrintWriter err) {
        WatchOptions options = new WatchOptions(attached.description(), specs,
                budget, duration, stopOnProof, hold, maxFields, lockWaits, chosen).startedAt(started);
        return session(attached, options, progress, result -> {
            Report report = WatchReport.of(result, "maprace " + VersionProvider.version());
            summary(progress, report);
            return output.write(report, spec.commandLine().getOut(), err);
        });
    }

    /**
     * Runs a breakpoint watch to its end and closes it (the target is freed), then hands its result to
     * {@code after}. Ctrl-C (or SIGTERM) ends the watch early: the session's detach waits until {@code after} is
     * done (the report so far written), then frees the target.
     */
    @SuppressWarnings("try") // the session closes before `after` runs; the gate is only held open till it is done
    static <T> T session(AttachedVm attached, WatchOptions options, StderrProgress progress,
                         Function<WatchResult, T> after) {
        try (WatchSession session = attached.watch(options, Clock.systemUTC(), listener(progress));
             InterruptedReport ignored = InterruptedReport.arm(attached, session::stop, session::close)) {
            WatchResult result = session.run();
            session.close();
            return after.apply(result);
        }
    }

    static boolean isJdwpAddress(String target) {
        if (target.contains(":")) {
            return true;
        }
        // A bare number is a pid if a local process has it (another user's too: the attacher then says whom to
        // run as, or that it is no JVM), a port otherwise: ports and pids share a range; 127.0.0.1:N is a port.
        return target.matches("\\d{1,18}") && !LocalJvms.isLocalProcess(Long.parseLong(target));
    }

    static WatchListener listener(StderrProgress progress) {
        return new WatchListener() {
            @Override
            public void watching(String what) {
                progress.status("watching " + what + "; Ctrl-C ends early with the report so far");
            }

            @Override
            public void proven(String what) {
                progress.status("proven: " + what);
            }

            @Override
            public void note(String what) {
                progress.status(what);
            }
        };
    }

    static void summary(StderrProgress progress, Report report) {
        Summary.of(report).forEach(progress::status);
    }

}
