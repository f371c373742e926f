package io.maprace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.ReportJson;
import io.maprace.probe.target.JdwpStatus;
import io.maprace.probe.target.JfrStatus;
import io.maprace.probe.target.JvmDescriptor;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maprace ps}: the local JVMs and what maprace can do with each. */
@Command(name = "ps",
        mixinStandardHelpOptions = true,
        description = {"Lists the local JVMs with pid, main class, JDK version, their JDWP agent (listening, dormant "
                + "or absent) and JFR state, and what maprace can do with each now, with no restart (stuck and the "
                + "flight-recording watch work on any JVM it may attach to). For a JVM without JDWP it says what a "
                + "restart with the JDWP flag would add, and the flag.",
                "Reads each JVM's properties through the Attach API (like jcmd); changes nothing."},
        footer = {"%nExamples:",
                "  maprace ps                 every local JVM",
                "  maprace ps 12345 Billing   only these (pids or parts of main class names)",
                "  maprace ps --format json"})
final class PsCommand implements Callable<Integer> {

    enum PsFormat { TABLE, JSON }

    /**
     * One row of {@code ps}, flattened for JSON.
     *
     * @param commands what works on this JVM now, with no restart
     * @param afterRestart what a restart with the JDWP flag would add
     */
    record Row(long pid, String mainClass, String javaVersion, int jdk, String user, String jdwp, String jdwpAddress,
               boolean jdwpExposed, String jfr, List<String> commands, List<String> afterRestart, String advice,
               String problem) {
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<jvm>", description = "Only these JVMs: pids or parts of main class names.")
    List<String> only = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    PsFormat format;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for each JVM to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Long> pids = new ArrayList<>();
        for (String s : only) {
            TargetSpec t = TargetSpec.parse(s);
            if (t instanceof TargetSpec.Socket) {
                throw new MapraceException(Problem.USAGE, "'" + s + "' is a host:port; ps lists local JVMs by pid "
                        + "or main class");
            }
            pids.add(LocalJvms.resolve(t));
        }
        List<Row> rows = LocalJvms.list(pids, timeout).stream().map(PsCommand::row).toList();
        if (format == PsFormat.JSON) {
            try {
                out.println(ReportJson.mapper().writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            table(rows, out);
        }
        out.flush();
        return 0;
    }

    static Row row(JvmDescriptor d) {
        JdwpStatus j = d.jdwp();
        String state = j == null ? "?" : j.state().label();
        String address = j != null && j.state() == JdwpStatus.State.LISTENING ? j.connectHost() + ":" + j.port() : null;
        List<String> commands = new ArrayList<>();
        List<String> afterRestart = new ArrayList<>();
        String advice = null;
        boolean jfr = d.jfr().state() != JfrStatus.State.DISABLED;
        if (j != null) {
            // Through the Attach API alone, whatever the JVM's flags: thread dumps, and a flight recording.
            commands.add("stuck");
            if (jfr) {
                commands.add("watch (JFR)");
            }
            switch (j.state()) {
                case LISTENING -> commands.addAll(jdwpCommands(jfr));
                case DORMANT -> {
                    commands.addAll(jdwpCommands(jfr));
                    advice = "JDWP is dormant (onjcmd): scan and watch start it (jcmd " + d.pid()
                            + " VM.start_java_debugging); it then stays listening on " + j.configured();
                }
                case BUSY -> advice = "a debugger is attached (an IDE?); detach it to use scan and the JDWP watch";
                case CLIENT, ABSENT -> {
                    commands.add("scan --heap-dump");
                    afterRestart.addAll(List.of("scan (live)", "watch (JDWP)"));
                    advice = "no JDWP" + (j.state() == JdwpStatus.State.CLIENT ? " listener (server=n)" : "")
                            + ". Works now, without a restart: stuck (thread dumps)"
                            + (jfr ? ", watch (a flight recording: where threads meet in map code, candidates)" : "")
                            + ", maprace scan " + d.pid() + " --heap-dump (a heap dump: stops it about 1-3.5 s per GB"
                            + " of heap). A restart with " + JdwpStatus.flagFor(d.feature()) + " adds the live scan"
                            + " and the breakpoint watch (proof of a race)";
                }
            }
        }
        commands.add("analyze (JFR)");
        if (!jfr) {
            advice = (advice == null ? "" : advice + "; ") + "JFR is disabled (-XX:-FlightRecorder): no watch through"
                    + " a recording, no analyze of this JVM until it restarts without that flag";
        }
        if (j != null && j.exposed()) {
            advice = "WARNING: its JDWP agent listens on " + j.configured() + ", reachable from other hosts: anyone "
                    + "who can connect can run code in this JVM — restart it with address=127.0.0.1:0"
                    + (advice == null ? "" : "; " + advice);
        }
        return new Row(d.pid(), d.mainClass(), d.javaVersion(), d.feature(), d.user(), state, address,
                j != null && j.exposed(), d.jfr().state().label(), commands, afterRestart, advice, d.problem());
    }

    /** What a JDWP agent adds: the live scan, the breakpoint watch, and both evidences with a recording. */
    private static List<String> jdwpCommands(boolean jfr) {
        return jfr ? List.of("scan", "watch (JDWP)", "watch --evidence both") : List.of("scan", "watch (JDWP)");
    }

    private static void table(List<Row> rows, PrintWriter out) {
        if (rows.isEmpty()) {
            out.println("no Java processes found (maprace lists JVMs of the user it runs as; root sees all)");
            return;
        }
        int mainWidth = Math.max(10, Math.min(48, rows.stream().mapToInt(r -> r.mainClass().length()).max().orElse(10)));
        String fmt = "%-8s %-" + mainWidth + "s %-9s %-26s %-10s %s%n";
        out.printf(fmt, "PID", "MAIN CLASS", "JDK", "JDWP", "JFR", "MAPRACE CAN");
        for (Row r : rows) {
            String jdwp = r.jdwpAddress() != null ? "listening " + r.jdwpAddress() + (r.jdwpExposed() ? "!" : "")
                    : r.jdwp();
            out.printf(fmt, r.pid(), abbreviate(r.mainClass(), mainWidth), r.javaVersion(), jdwp,
                    r.jfr(), String.join(", ", r.commands()));
        }
        List<String> notes = new ArrayList<>();
        for (Row r : rows) {
            if (r.problem() != null) {
                notes.add(r.pid() + ": " + r.problem());
            } else if (r.advice() != null) {
                notes.add(r.pid() + ": " + r.advice());
            }
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(out::println);
        }
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : "..." + s.substring(s.length() - width + 3);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
