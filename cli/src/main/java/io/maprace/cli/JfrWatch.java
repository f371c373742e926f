package io.maprace.cli;

import io.maprace.attach.LocalTarget;
import io.maprace.attach.jfr.TargetRecording;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Advice;
import io.maprace.findings.Finding;
import io.maprace.findings.JfrWatchStats;
import io.maprace.findings.Report;
import io.maprace.findings.Source;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.jfr.RepositoryAnalyzer;
import io.maprace.probe.target.JdwpStatus;
import io.maprace.probe.target.JvmDescriptor;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;
import io.maprace.rules.Analysis;
import io.maprace.rules.AnalysisSettings;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code maprace watch} on a JVM without JDWP (or with {@code --jfr}): a flight recording started in the target
 * through the Attach API, its repository tailed into the {@code analyze} rules, findings printed as they
 * appear, and the recording stopped at the end — the duration, Ctrl-C, the target exiting, or the recording
 * stopped by someone else. Only the recording this watch started is ever stopped.
 */
final class JfrWatch {

    /** How often the target and our recording are checked, and interim findings computed. */
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration CHECK_RECORDING = Duration.ofSeconds(2);
    private static final Duration INTERIM = Duration.ofSeconds(3);
    /** How long the end waits for the last events: the target flushes every second, the reader polls every second. */
    private static final Duration CATCH_UP = Duration.ofSeconds(3);
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(45);

    private final Duration duration;
    private final Path keep;
    private final boolean quiet;
    private final PrintWriter err;
    private volatile boolean stopRequested;

    JfrWatch(Duration duration, Path keep, boolean quiet, PrintWriter err) {
        this.duration = duration;
        this.keep = keep;
        this.quiet = quiet;
        this.err = err;
    }

    /**
     * Whether a watch of {@code target} goes through JFR without being asked: a local JVM whose JDWP agent is
     * absent (or connects out). Anything else, errors included, is left to the JDWP watch, which reports them.
     */
    static boolean noJdwp(String target) {
        try {
            TargetSpec spec = TargetSpec.parse(target);
            if (spec instanceof TargetSpec.Socket || (spec instanceof TargetSpec.Pid p && !LocalJvms.isLocalProcess(p.pid()))) {
                return false;
            }
            JvmDescriptor d = LocalJvms.describe(LocalJvms.resolve(spec), ATTACH_TIMEOUT);
            return d.jdwp() != null && (d.jdwp().state() == JdwpStatus.State.ABSENT
                    || d.jdwp().state() == JdwpStatus.State.CLIENT);
        } catch (MapraceException e) {
            return false;
        }
    }

    int run(String targetText, ReportOutput output, PrintWriter out) {
        LocalTarget target = LocalTarget.resolve(targetText, "watch", ATTACH_TIMEOUT);
        progress("watching " + target.label() + " through a flight recording (" + Advice.JFR_START_OPTIONS + ") started with the "
                + "Attach API" + (target.hasJdwp() ? "" : ": it has no JDWP agent"));
        return withRecording(target, recording -> watch(target, recording), output, out);
    }

    /**
     * Starts our recording in the target, runs {@code body} with it, writes the report it makes, and stops the
     * recording whatever happens: on every exit path, and from a shutdown hook on Ctrl-C or SIGTERM (which first
     * lets {@code body} end, see {@link #stopRequested()}, and write the report so far).
     */
    int withRecording(LocalTarget target, Function<TargetRecording, Report> body, ReportOutput output,
                      PrintWriter out) {
        TargetRecording recording = TargetRecording.start(target.pid(), ATTACH_TIMEOUT, Clock.systemUTC());
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C or SIGTERM: the main thread ends the watch, stops the recording and writes the report.
            stopRequested = true;
            try {
                // Stopping the recording and writing the report take a few attach round trips: seconds on a
                // loaded host. Past this the JVM exits anyway, with the recording stopped below.
                done.await(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recording.close();
        }, "maprace-jfr-watch-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!recording.otherRecordings().isEmpty()) {
                progress("the target already records (" + String.join("; ", recording.otherRecordings())
                        + "): ours, " + recording.name() + ", is added and theirs left alone");
            }
            Report report = body.apply(recording);
            return output.write(report, out, err);
        } finally {
            recording.close();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and waits for the latch above
            }
        }
    }

    /** Whether Ctrl-C or SIGTERM asked the watch to end. */
    boolean stopRequested() {
        return stopRequested;
    }

    private Report watch(LocalTarget target, TargetRecording recording) {
        Path repository = recording.repository(ATTACH_TIMEOUT);
        String end = "duration";
        try (RepositoryAnalyzer analyzer = new RepositoryAnalyzer(repository, recording.started(),
                AnalysisSettings.defaults())) {
            analyzer.start();
            progress("recording " + recording.name() + ", reading " + repository + " (events arrive 1-2 s late); "
                    + "Ctrl-C ends early with the report so far");
            Set<String> printed = new HashSet<>();
            long began = System.nanoTime();
            long deadline = began + duration.toNanos();
            long nextCheck = began + CHECK_RECORDING.toNanos();
            long nextInterim = began + INTERIM.toNanos();
            while (true) {
                if (stopRequested) {
                    end = "interrupted";
                    break;
                }
                if (!alive(target.pid())) {
                    end = "target-exited";
                    break;
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                if (now >= nextCheck) {
                    nextCheck = now + CHECK_RECORDING.toNanos();
                    if (!running(recording, target.pid())) {
                        end = alive(target.pid()) ? "recording-lost" : "target-exited";
                        break;
                    }
                }
                if (now >= nextInterim) {
                    nextInterim = now + INTERIM.toNanos();
                    printNew(analyzer.interim(), printed);
                }
                sleep(TICK);
            }
            Streamed streamed = finish(analyzer, recording, target, end, began);
            printNew(streamed.result().findings(), printed);
            Analysis.Result result = streamed.result();
            Source source = new Source("watch-jfr", List.of(target.label()), result.first(), result.last(),
                    streamed.stats());
            return new Report(Report.SCHEMA, "maprace " + VersionProvider.version(), source, result.findings(),
                    result.graph(), streamed.warnings(), result.timeline());
        }
    }

    /** What the stream gave, once our recording is stopped: the analysis, its counters, what to warn of. */
    record Streamed(Analysis.Result result, JfrWatchStats stats, List<Warning> warnings) {
    }

    /**
     * Ends a stream: after the duration, waits for the last events; dumps for {@code --keep}; stops our recording;
     * runs the rules to their end.
     *
     * @param end how the watch ended: {@code duration}, {@code stop-on-proof}, {@code interrupted},
     *            {@code target-exited} or {@code recording-lost}
     * @param began {@link System#nanoTime()} when the stream started
     */
    Streamed finish(RepositoryAnalyzer analyzer, TargetRecording recording, LocalTarget target, String end,
                    long began) {
        List<Warning> warnings = new ArrayList<>();
        if (!recording.otherRecordings().isEmpty()) {
            warnings.add(new Warning(WarningCode.OTHER_RECORDINGS, "the target was already recording ("
                    + recording.otherRecordings().size() + "); maprace added its own and left those running"));
        }
        if (!end.equals("target-exited") && !end.equals("recording-lost")) {
            // The last second of events is still in the target's buffers: let it reach the stream before the
            // recording stops (stopping removes its chunks from the repository). Not after Ctrl-C: then
            // the user wants the report now.
            if (!end.equals("interrupted")) {
                catchUp(analyzer, Instant.now());
            }
            if (keep != null) {
                recording.dump(keep);
                progress("kept the recording in " + keep.toAbsolutePath() + " (maprace analyze reads it)");
            }
        }
        recording.close();
        Analysis.Result result = analyzer.finish();
        switch (end) {
            case "target-exited" -> warnings.add(new Warning(WarningCode.TARGET_EXITED, target.label()
                    + " exited during the watch; the report covers what it recorded until then"));
            case "recording-lost" -> warnings.add(new Warning(WarningCode.JFR_RECORDING_LOST, "the recording "
                    + recording.name() + " was stopped by someone else during the watch; the report covers what "
                    + "was read until then"));
            default -> { }
        }
        if (analyzer.error() != null) {
            warnings.add(new Warning(WarningCode.STREAM_ERROR, "reading the repository failed: "
                    + analyzer.error().getMessage() + "; the report covers what was read until then"));
        }
        JfrWatchStats stats = JfrWatchStats.of(recording.name(), end, (System.nanoTime() - began) / 1_000_000,
                analyzer.events(), result.counts());
        return new Streamed(result, stats, warnings);
    }

    static boolean running(TargetRecording recording, long pid) {
        try {
            return recording.running();
        } catch (MapraceException e) {
            if (e.problem() == Problem.TARGET_EXITED || !alive(pid)) {
                return false;
            }
            throw e;
        }
    }

    private void catchUp(RepositoryAnalyzer analyzer, Instant end) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        Instant wanted = end.minusSeconds(1);
        while (System.nanoTime() < deadline) {
            Instant last = analyzer.lastEventTime();
            if (last != null && !last.isBefore(wanted)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    void printNew(List<Finding> findings, Set<String> printed) {
        if (findings == null) {
            return;
        }
        for (Finding f : findings) {
            if (printed.add(f.kind().label() + "|" + f.sites())) {
                progress(f.severity().label() + ": " + f.title());
            }
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void progress(String line) {
        if (!quiet) {
            err.println("maprace watch: " + line);
            err.flush();
        }
    }
}
