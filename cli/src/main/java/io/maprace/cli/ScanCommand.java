package io.maprace.cli;

import io.maprace.findings.Report;
import io.maprace.findings.ScanStats;
import io.maprace.heapdump.DumpFile;
import io.maprace.heap.ScanOptions;
import io.maprace.probe.scan.ScanResult;
import io.maprace.probe.scan.Scanner;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maprace scan <target>}: the non-thread-safe maps of a live JVM, which are shared, which are corrupted. */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        description = {
                "Finds the non-thread-safe maps and sets (HashMap, LinkedHashMap, WeakHashMap, IdentityHashMap, "
                        + "TreeMap, HashSet...) of a live JVM by walking from its static fields and its threads, "
                        + "checks the internals of each (never calling its methods) and reports which are already "
                        + "corrupted and which are shared between threads, with the path that holds each.",
                "Read-only: no code runs in the target. Its threads are held only to confirm damage on a map that is "
                        + "being written (--max-pause), or for --heap-walk. The target needs a JDWP agent "
                        + "('maprace ps' tells); without one, --heap-dump scans a heap dump the JVM writes. A heap "
                        + "dump file (.hprof, .hprof.gz) is scanned the same way, post-mortem."},
        footer = {"%nExamples:",
                "  maprace scan 12345                       scan the JVM with pid 12345",
                "  maprace scan OrderService --timeout 30s  by (part of) its main class, at most 30 s",
                "  maprace scan 127.0.0.1:5005 -o scan.json a JDWP listener on a port",
                "  maprace scan /tmp/app.hprof              a heap dump (also .hprof.gz)",
                "  maprace scan 12345 --heap-dump           a JVM without JDWP: dump its heap, scan, delete",
                "%nExit codes: 0 scanned (with or without findings); 9 stopped at --timeout (partial report); "
                        + "25 the target exited during the scan (partial report); 20-29 other target problems "
                        + "(no such process, no JDWP, ...); 40-47 heap dump problems (empty, not HPROF, truncated, "
                        + "corrupted, no disk room, dump failed, no consent). Ctrl-C stops the scan and writes the "
                        + "report so far."})
final class ScanCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<target>",
            description = "A pid, a main class (or a unique part of it), host:port of a JDWP agent, or a heap dump "
                    + "file (.hprof, .hprof.gz).")
    String target;

    @Option(names = "--heap-dump",
            description = "For a local JVM without JDWP: have it write a heap dump (Attach API, no flag needed; it "
                    + "STOPS ALL ITS THREADS about 1-3.5 s per GB of used heap), scan the dump, delete it. "
                    + "maprace says the cost and asks first.")
    boolean heapDump;

    @Option(names = "--yes", description = "With --heap-dump: take the dump without asking.")
    boolean yes;

    @Option(names = "--keep", paramLabel = "FILE", description = "With --heap-dump: keep the dump as FILE (0600).")
    java.nio.file.Path keep;

    @Option(names = "--dump-dir", paramLabel = "DIR",
            description = "With --heap-dump: where the dump is written, in a private directory (default: the "
                    + "temp directory).")
    java.nio.file.Path dumpDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "2000000",
            description = "Read at most N objects (map entries included), then report (default: ${DEFAULT-VALUE}).")
    long limit;

    @Option(names = "--budget", paramLabel = "PERCENT", converter = BudgetConverter.class,
            description = "Keep the scan to this share of the host's CPU (maprace's own and the target's JDWP "
                    + "agent's, which on a busy host are taken from the target's threads): the walk slows down to "
                    + "keep it, and the report states the cost. Default: no pace; say --budget 5%% on a host the "
                    + "target keeps busy.")
    Double budget;

    @Option(names = "--max-entries", paramLabel = "N",
            description = "Read at most N entries of one map; a bigger map is checked in part and the report says "
                    + "so (default: 1000000 live, every entry in a dump).")
    Integer maxEntries;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop walking after this long and report what was found (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--show-values",
            description = "Show keys in paths and findings (they may hold personal data; off by default).")
    boolean showValues;

    @Option(names = "--heap-walk",
            description = "Also count and check every map instance with a JVMTI heap walk. It STOPS ALL THREADS of "
                    + "the target for seconds per GB of heap; maprace prints its estimate first.")
    boolean heapWalk;

    @Option(names = "--max-pause", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
            description = "Longest hold of the target's threads to confirm damage on a map being written; 0 never "
                    + "holds them (default: ${DEFAULT-VALUE}).")
    Duration maxPause;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Report the N most likely shared maps (corrupted ones are always all reported; "
                    + "default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "JDWP requests kept in flight (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    QuietOption quiet;

    @Mixin
    ReportOutput output;

    @Override
    @SuppressWarnings("try") // the session is closed before the report is written (the target is freed first); the
    // interrupt gate is only held open until the report is written
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String verb = "maprace scan";
        ScanOptions options = ScanOptions.defaults().withLimit(limit).withTimeout(timeout).withShowValues(showValues)
                .withHeapWalk(heapWalk).withMaxPause(maxPause).withParallelism(parallel).withTop(top);
        if (maxEntries != null) {
            if (maxEntries < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--max-entries must be at least 1, not " + maxEntries);
            }
            options = options.withMaxEntriesPerMap(maxEntries);
        }
        if ((heapDump || DumpFile.looksLikeDump(target)) && budget != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--budget paces a scan through JDWP;"
                    + " a heap dump stops the target once, for the pause maprace states before it asks");
        }
        if (heapDump || DumpFile.looksLikeDump(target)) {
            // A dump is read at memory speed: walk all of it unless told otherwise, on every core.
            picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
            ScanOptions dumpOptions = options
                    .withLimit(given.hasMatchedOption("--limit") ? limit : Long.MAX_VALUE)
                    .withMaxEntriesPerMap(maxEntries != null ? maxEntries : Integer.MAX_VALUE)
                    .withTimeout(given.hasMatchedOption("--timeout") ? timeout : Duration.ofHours(1))
                    .withParallelism(given.hasMatchedOption("--parallel") ? parallel
                            : Runtime.getRuntime().availableProcessors());
            return heapDump
                    ? DumpScan.live(target, dumpDir != null ? dumpDir
                    : java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), keep, yes, dumpOptions, output,
                    out, err, quiet.on(), top)
                    : DumpScan.file(java.nio.file.Path.of(target), dumpOptions, output, out, err, quiet.on(), top);
        }
        TargetSpec targetSpec = TargetSpec.parse(target);
        try (StderrProgress progress = quiet.progress(verb, err);
             AttachedVm session = Attacher.attach(targetSpec, Duration.ofSeconds(10), progress)) {
            // The walk stops itself at --timeout; this is the backstop for a read that never returns.
            session.closeAt(timeout.plusSeconds(30), "no answer from the target " + timeout.plusSeconds(30).toSeconds()
                    + " s after the scan started");
            Scanner scanner = session.scanner(options, progress).withBudget(budget == null ? 0 : budget);
            // Ctrl-C (or SIGTERM) stops the walk: the report of what was read is written before the target is freed.
            try (InterruptedReport ignored = InterruptedReport.arm(session, scanner::stop, () -> { })) {
                ScanResult result = scanner.run();
                progress.close();
                session.close();
                ScanStats s = result.stats();
                progress.status(String.format(Locale.ROOT, "%d maps checked in %.1f s (%d objects read), %d "
                                + "corrupted; longest pause of the target caused by the scan: %.0f ms%s", s.mapsChecked(),
                        s.elapsedMillis() / 1000.0, s.objectsRead(), s.mapsCorrupted(), s.longestPauseMillis(),
                        s.targetAgentCpuMillis() == null ? "" : String.format(Locale.ROOT, "; CPU of the target's "
                                + "JDWP agent answering it: %.0f ms", s.targetAgentCpuMillis())));
                Report report = result.report("maprace " + VersionProvider.version(), top);
                return output.write(report, out, err);
            }
        }
    }
}
