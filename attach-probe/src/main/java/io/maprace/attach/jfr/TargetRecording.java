package io.maprace.attach.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Advice;
import io.maprace.probe.target.AttachApi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A flight recording maprace starts in a target through the Attach API ({@code JFR.start}, what {@code jcmd}
 * does: no flag needed in the target), and the only one it ever stops: every command names it. Recordings the
 * target already runs are listed and left alone; JFR then writes the union of both settings into the same
 * chunks. Closing stops ours (its data is discarded unless dumped first) and is safe to call again, from a
 * shutdown hook too.
 */
public final class TargetRecording implements AutoCloseable {

    private final long pid;
    private final String name;
    private final Instant started;
    private final List<String> others;
    private final Duration timeout;
    private boolean stopped;

    private TargetRecording(long pid, String name, Instant started, List<String> others, Duration timeout) {
        this.pid = pid;
        this.name = name;
        this.started = started;
        this.others = List.copyOf(others);
        this.timeout = timeout;
    }

    /**
     * Starts a recording named {@code maprace-<this process's pid>} with the {@code profile} settings (execution
     * samples every 10 ms).
     *
     * @throws MapraceException JFR_DISABLED, JFR_START_FAILED, or the attach problems of {@link AttachApi}
     */
    public static TargetRecording start(long pid, Duration timeout, Clock clock) {
        String check = AttachApi.jcmd(pid, "JFR.check", timeout);
        if (disabled(check)) {
            throw disabledProblem(pid);
        }
        List<String> others = recordings(check);
        String name = "maprace-" + ProcessHandle.current().pid();
        if (others.stream().anyMatch(r -> r.contains("name=" + name + " "))) {
            // Left by an earlier maprace with this pid (pids are reused): it is ours by name; replace it.
            AttachApi.jcmd(pid, "JFR.stop name=" + name, timeout);
            others.removeIf(r -> r.contains("name=" + name + " "));
        }
        Instant at = clock.instant();
        String out = AttachApi.jcmd(pid, "JFR.start name=" + name + " " + Advice.JFR_START_OPTIONS, timeout);
        if (disabled(out)) {
            throw disabledProblem(pid);
        }
        if (!out.contains("Started recording")) {
            throw new MapraceException(Problem.JFR_START_FAILED, "pid " + pid + " did not start a flight recording: "
                    + firstLine(out) + " — check its JFR with 'jcmd " + pid + " JFR.check' and the free space of "
                    + "its temporary directory");
        }
        return new TargetRecording(pid, name, at, others, timeout);
    }

    private static boolean disabled(String jcmdOutput) {
        return jcmdOutput.contains("Flight Recorder is disabled") || jcmdOutput.contains("FlightRecorder is disabled");
    }

    private static MapraceException disabledProblem(long pid) {
        return new MapraceException(Problem.JFR_DISABLED, "pid " + pid + " runs with -XX:-FlightRecorder, so it "
                + "cannot record — restart it without that flag, or with a JDWP agent for the breakpoint watch "
                + "('maprace ps' gives the flag)");
    }

    /** The {@code Recording N: name=...} lines of {@code JFR.check}. */
    static List<String> recordings(String check) {
        List<String> out = new ArrayList<>();
        for (String line : check.split("\\R")) {
            if (line.startsWith("Recording ")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    public String name() {
        return name;
    }

    public Instant started() {
        return started;
    }

    /** The target's other recordings when ours started, as {@code JFR.check} lists them. */
    public List<String> otherRecordings() {
        return others;
    }

    /**
     * The target's repository: the system property {@code jdk.jfr.repository}, which the JVM sets once a
     * recording runs (a moment after {@code JFR.start} returns, on some JDKs).
     *
     * @throws MapraceException JFR_REPOSITORY_UNREADABLE when it is not set in time or not readable from here
     */
    public Path repository(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String repo = AttachApi.read(pid, false, timeout).system().getProperty("jdk.jfr.repository");
            if (repo != null && !repo.isBlank()) {
                Path path = Path.of(repo);
                if (!Files.isDirectory(path) || !Files.isReadable(path)) {
                    throw new MapraceException(Problem.JFR_REPOSITORY_UNREADABLE, "the recording repository of pid "
                            + pid + ", " + path + ", is not a readable directory from here (another container or "
                            + "user?) — run maprace where the target's files are visible, as its user");
                }
                return path;
            }
            if (System.nanoTime() > deadline) {
                throw new MapraceException(Problem.JFR_REPOSITORY_UNREADABLE, "pid " + pid + " did not publish its "
                        + "recording repository (jdk.jfr.repository) within " + wait.toSeconds() + " s — check "
                        + "'jcmd " + pid + " JFR.configure'");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MapraceException(Problem.JFR_REPOSITORY_UNREADABLE, "interrupted");
            }
        }
    }

    /**
     * Whether our recording still runs. A stream of another process's repository does not end when a recording
     * stops (JDK-8365066): this is how a watch learns that someone stopped it.
     */
    public boolean running() {
        String out = AttachApi.jcmd(pid, "JFR.check name=" + name, timeout);
        return out.contains("name=" + name + " ") && out.contains("(running)");
    }

    /** Copies what the recording holds to {@code file} ({@code JFR.dump}), for a later {@code maprace analyze}. */
    public void dump(Path file) {
        Path abs = file.toAbsolutePath();
        if (abs.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new MapraceException(Problem.OUTPUT_UNWRITABLE, "'" + file + "': the target writes the file "
                    + "itself, and a path with spaces cannot be passed to it — choose another --keep path");
        }
        String out = AttachApi.jcmd(pid, "JFR.dump name=" + name + " filename=" + abs, timeout);
        if (!out.contains("Dumped recording")) {
            throw new MapraceException(Problem.OUTPUT_UNWRITABLE, "pid " + pid + " could not write the recording to "
                    + abs + ": " + firstLine(out) + " — the target writes it as its own user: choose a directory "
                    + "it may write");
        }
    }

    /** Stops our recording, discarding its data; nothing else. Idempotent; quiet when the target has exited. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            AttachApi.jcmd(pid, "JFR.stop name=" + name, timeout);
        }
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.matches("\\d+:")) {
                return s.length() > 160 ? s.substring(0, 160) + "..." : s;
            }
        }
        return "(no answer)";
    }
}
