package io.maprace.cli;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.DumpScanStats;
import io.maprace.findings.Report;
import io.maprace.heap.ScanOptions;
import io.maprace.heapdump.DumpFile;
import io.maprace.heapdump.live.DumpPlan;
import io.maprace.heapdump.live.DumpTarget;
import io.maprace.heapdump.live.LiveDump;
import io.maprace.heapdump.live.TakenDump;
import io.maprace.heapdump.scan.DumpScanResult;
import io.maprace.heapdump.scan.DumpScanner;
import io.maprace.rules.ScanFindings;
import io.maprace.probe.target.DiagnosticCommand;
import io.maprace.probe.target.HsPerfData;
import io.maprace.probe.target.JvmDescriptor;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The heap-dump side of {@code maprace scan}: a dump file ({@code scan app.hprof}), or a dump taken of a live JVM
 * with no JDWP agent ({@code scan <pid> --heap-dump}), scanned with the live scan's checks and reported the same way.
 */
final class DumpScan {

    private static final String VERB = "maprace scan";

    private DumpScan() {
    }

    /** Scans a dump file. */
    static int file(Path file, ScanOptions options, ReportOutput output, PrintWriter out, PrintWriter err,
                    boolean quiet, int top) {
        // opened before any progress line: a bad dump is one line
        try (DumpFile dump = DumpFile.open(file);
             StderrProgress progress = StderrProgress.create(VERB, err, quiet)) {
            DumpScanResult r = DumpScanner.scan(dump.dump(), "heap dump " + file, options, progress,
                    dump.openMillis());
            progress.close();
            summary(r, err, quiet);
            return output.write(report(r, r.stats(), top), out, err);
        }
    }

    /** Dumps a live JVM's heap through the Attach API, scans the dump, deletes it unless kept. */
    static int live(String target, Path dumpDir, Path keep, boolean yes, ScanOptions options, ReportOutput output,
                    PrintWriter out, PrintWriter err, boolean quiet, int top) {
        TargetSpec spec = TargetSpec.parse(target);
        if (spec instanceof TargetSpec.Socket) {
            throw new MapraceException(Problem.USAGE, "--heap-dump needs a local JVM (a pid or a main class), not "
                    + target + " — run maprace on the JVM's host");
        }
        if (keep != null && Files.exists(keep)) {
            throw new MapraceException(Problem.USAGE, "--keep " + keep + " exists — name a new file");
        }
        long pid = LocalJvms.resolve(spec);
        JvmDescriptor d = LocalJvms.describe(pid, Duration.ofSeconds(10));
        DumpTarget t = target(d);
        DumpPlan plan = LiveDump.plan(t, dumpDir);
        err.println(VERB + ": " + plan.describe());
        err.flush();
        LiveDump.requireRoom(plan);
        if (!yes) {
            consent(d);
        }
        // GC.heap_dump writes at a few hundred MB/s; a deadline for a JVM that stops answering, not for a slow disk.
        Duration timeout = Duration.ofSeconds(120 + Math.max(0, plan.usedBytes()) / (20L << 20));
        TakenDump taken = LiveDump.take(t, plan, timeout);
        Thread cleanup = new Thread(() -> LiveDump.discard(taken), "maprace-dump-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (!quiet) {
                err.printf(Locale.ROOT, "%s: heap dump of %d MB written in %.1f s; %s %.0f ms%n", VERB,
                        taken.bytes() >> 20, taken.writeSeconds(), taken.pauseMeasured()
                                ? "the target's threads were stopped (safepoints, full GC included) for"
                                : "the dump command took", taken.pauseMillis());
                err.flush();
            }
            try (DumpFile dump = DumpFile.open(taken.file());
                 StderrProgress progress = StderrProgress.create(VERB, err, quiet)) {
                DumpScanResult r = DumpScanner.scan(dump.dump(), d.label() + ", heap dump", options, progress,
                        dump.openMillis());
                progress.close();
                summary(r, err, quiet);
                DumpScanStats stats = r.stats().withDumpTaken(taken.pauseMillis(), taken.pauseMeasured(),
                        Math.round(taken.writeSeconds() * 1000), Math.round(taken.wallMillis()),
                        keep == null ? null : keep.toString());
                return output.write(report(r, stats, top), out, err);
            }
        } finally {
            if (keep != null) {
                LiveDump.keep(taken, keep);
            } else {
                LiveDump.discard(taken);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs, and finds nothing left
            }
        }
    }

    private static void consent(JvmDescriptor d) {
        Console console = System.console();
        if (console == null) {
            throw new MapraceException(Problem.CONFIRMATION_NEEDED, "a heap dump stops " + d.label()
                    + " and there is no terminal to ask on — pass --yes to take it");
        }
        String answer = console.readLine("Take the heap dump now? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            throw new MapraceException(Problem.HEAP_DUMP_DECLINED, "no heap dump taken — nothing was done to "
                    + d.label());
        }
    }

    private static DumpTarget target(JvmDescriptor d) {
        return new DumpTarget() {
            @Override
            public String label() {
                return d.label();
            }

            @Override
            public OptionalLong usedHeapBytes() {
                return DiagnosticCommand.perfData(d.pid()).flatMap(HsPerfData::heapUsedBytes)
                        .map(OptionalLong::of).orElse(OptionalLong.empty());
            }

            @Override
            public OptionalDouble safepointMillis() {
                return DiagnosticCommand.perfData(d.pid()).flatMap(HsPerfData::safepointMillis)
                        .map(OptionalDouble::of).orElse(OptionalDouble.empty());
            }

            @Override
            public String jcmd(String command, Duration timeout) {
                return DiagnosticCommand.run(d.pid(), command, timeout);
            }
        };
    }

    private static void summary(DumpScanResult r, PrintWriter err, boolean quiet) {
        if (quiet) {
            return;
        }
        DumpScanStats s = r.stats();
        err.printf(Locale.ROOT, "%s: %s: %d objects indexed in %.1f s, %d maps checked in %.1f s, %d corrupted%n",
                VERB, r.source(), s.dumpObjects(), s.indexMillis() / 1000.0, s.mapsChecked(),
                s.elapsedMillis() / 1000.0, r.corrupted());
        err.flush();
    }

    private static Report report(DumpScanResult r, DumpScanStats stats, int top) {
        return ScanFindings.report("maprace " + VersionProvider.version(), r.source(), r.start(), r.end(), r.maps(),
                r.counted(), stats, r.warnings(), top);
    }
}
