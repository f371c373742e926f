package io.maprace.cli;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.probe.fix.FixOptions;
import io.maprace.probe.fix.FixRecord;
import io.maprace.probe.fix.FixRecords;
import io.maprace.probe.fix.FixResult;
import io.maprace.probe.fix.FixText;
import io.maprace.probe.fix.Fixer;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code maprace fix <target> --map PATH}: replaces a racy map in a live JVM with a thread-safe one. */
@Command(name = "fix",
        mixinStandardHelpOptions = true,
        description = {
                "Makes a racy map of a live JVM thread-safe without a restart: the references to it are pointed at a "
                        + "synchronized wrapper around it, or, for a field declared with the concrete class, its state "
                        + "moves into a synchronized subclass of that class (a rebuilt copy when it is already "
                        + "corrupted), while the threads that use it are held for a moment where they read its field.",
                "It CHANGES the target: it shows its plan and asks first (--yes to skip, --dry-run to only show it), "
                        + "and writes an audit record (~/.maprace/fixes) before the first reference changes. The target "
                        + "needs a JDWP agent ('maprace ps' tells)."},
        footer = {"%nExamples:",
                "  maprace fix 12345 --map com.foo.Factory.DEFAULT.cache --dry-run   show the plan",
                "  maprace fix 12345 --map com.foo.Factory.DEFAULT.cache --yes       fix it",
                "  maprace fix 12345 --map 'com.foo.Registry.INSTANCE.entries[*].cache' --dry-run   every such map",
                "  maprace fix 12345 --from watch.json --dry-run                     the maps a watch proved racy",
                "  maprace fix 12345 --undo                                          undo the last fix in pid 12345",
                "  maprace fix --list                                                the audit records",
                "%nExit codes: 0 done (or plan shown); 3/4/13 --from: the report is missing, unreadable, not a maprace JSON report; 60 already thread-safe; 61 no safe type fits the field; "
                        + "62 a reference cannot be rewritten; 63 the target went away during the swap; 64 already "
                        + "fixed; 65 not confirmed; 66 a thread keeps using the map; 67 nothing to undo; "
                        + "20-32 target problems."})
final class FixCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<target>",
            description = "A pid, a main class (or a unique part of it), or host:port of a JDWP agent.")
    String target;

    @Option(names = "--map", paramLabel = "PATH",
            description = "The map: a path from a static field, e.g. com.foo.Factory.DEFAULT.cache; with one [*] "
                    + "step (com.foo.Registry.INSTANCE.entries[*].cache) every map it reaches now, one after the other"
                    + " (at most 100).")
    String map;

    @Option(names = "--from", paramLabel = "REPORT.json",
            description = "Fix the maps a JSON report of watch or scan (--format json) names: those its findings show "
                    + "racing or damaged (unsafe writes, corruption, threads stuck in them), with a path from a static "
                    + "field. A path through an element (entries{\"k\"}.cache) fixes that step's every element "
                    + "(entries[*].cache). Instead of --map.")
    Path from;

    @Option(names = "--dry-run", description = "Show the plan and change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before changing the target.")
    boolean yes;

    @Option(names = "--heap-refs",
            description = "Find every reference to the map with a heap walk. It STOPS ALL THREADS of the target for "
                    + "about 0.3 s per 100 MB of heap. Without it: the path's field and static fields only.")
    boolean heapRefs;

    @Option(names = "--unstick",
            description = "Throw a ConcurrentModificationException into threads looping forever in the old, corrupted "
                    + "map, so that the application's error handling takes over.")
    boolean unstick;

    @Option(names = "--max-pause", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Longest hold of the threads that use the map while waiting for the others to leave it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration maxPause;

    @Option(names = "--undo", arity = "0..1", fallbackValue = "", paramLabel = "ID",
            description = "Undo a fix: the one with this record id, or the last one in force in <target>.")
    String undo;

    @Option(names = "--list", description = "Show the fix records and exit.")
    boolean list;

    @Option(names = "--records", paramLabel = "DIR", hidden = true, description = "Where fix records are kept.")
    Path recordsDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    /** Where the confirmation is read; tests replace it (surefire's own channel is System.in). */
    static java.io.InputStream answers = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FixRecords records = recordsDir != null ? new FixRecords(recordsDir) : FixRecords.inHome();
        if (list) {
            FixText.records(records.list(), out);
            return 0;
        }
        if (target == null) {
            throw new MapraceException(Problem.USAGE, "name the target JVM (a pid, a main class or host:port)");
        }
        if (undo == null && map == null && from == null) {
            throw new MapraceException(Problem.USAGE, "name the map with --map PATH (com.foo.Factory.DEFAULT.cache)"
                    + " or --from REPORT.json, or pass --undo or --list");
        }
        if (map != null && from != null) {
            throw new MapraceException(Problem.USAGE, "--map and --from both name maps — give one of them");
        }
        List<String> named = from == null ? null : ReportMaps.read(from);
        FixOptions options = FixOptions.defaults().withHeapRefs(heapRefs).withUnstick(unstick).withMaxPause(maxPause);
        String verb = "maprace fix";
        try (StderrProgress progress = StderrProgress.create(verb, err, quiet);
             AttachedVm session = Attacher.attach(TargetSpec.parse(target), Duration.ofSeconds(10), progress)) {
            Fixer fixer = session.fixer(options, records, progress);
            if (undo != null) {
                FixRecord record = Fixer.toUndo(records, undo.isEmpty() ? null : undo, session.target().pid());
                FixResult result = fixer.undo(record);
                progress.close();
                FixText.result(result, out);
                return 0;
            }
            Fixer.Batch batch = named != null ? fixer.planAll(named) : fixer.planAll(map);
            progress.close();
            if (named != null) {
                FixText.fromReport(from.toString(), named, batch.plans().size(), batch.skipped(), out);
            } else {
                FixText.batch(map, batch.plans().size(), batch.objects(), batch.skipped(), out);
            }
            for (Fixer.Prepared prepared : batch.plans()) {
                FixText.plan(prepared.plan(), out);
            }
            if (dryRun) {
                return 0;
            }
            if (!yes) {
                confirm(out, batch.plans().size());
            }
            // Backstop for a target that stops answering mid-swap: the session closes and releases everything.
            session.closeAt(maxPause.plusSeconds(60).multipliedBy(batch.plans().size()),
                    "no answer from the target during the fix");
            // One map at a time, each with its own hold and record; a failure stops the rest (those before stay).
            for (Fixer.Prepared prepared : batch.plans()) {
                if (batch.plans().size() > 1) {
                    out.println(prepared.plan().map().path() + ":");
                }
                try {
                    FixText.result(fixer.apply(prepared), out);
                } catch (MapraceException e) {
                    if (batch.plans().size() == 1 || !Fixer.skippable(e)) {
                        throw e;
                    }
                    out.println("  skipped: " + e.getMessage());
                }
                out.flush();
            }
            return 0;
        }
    }

    /** Asks on stdin; no stdin (or no answer) refuses rather than changing a production JVM unasked. */
    private static void confirm(PrintWriter out, int fixes) {
        out.print(fixes == 1 ? "Apply this fix to the running JVM? [y/N] "
                : "Apply these " + fixes + " fixes to the running JVM? [y/N] ");
        out.flush();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(answers, Charset.defaultCharset())).readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = answer.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            throw new MapraceException(Problem.FIX_NOT_CONFIRMED, "no answer on stdin, so nothing was changed — pass"
                    + " --yes to apply the plan without asking");
        }
        String a = line.strip().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new MapraceException(Problem.FIX_NOT_CONFIRMED, "not confirmed ('" + line.strip() + "'), so nothing"
                    + " was changed — answer y, or pass --yes");
        }
    }
}
