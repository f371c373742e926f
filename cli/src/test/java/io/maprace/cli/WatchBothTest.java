package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.maprace.cli.render.Format;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.probe.target.AttachApi;
import io.maprace.probe.watch.TargetProcess;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code maprace watch --evidence both} on samples started with a JDWP agent: a flight recording and breakpoints
 * in one session. The racy sample's map has sampled and proven evidence, each marked; the fixed twin gives nothing;
 * afterwards the target has no recording of ours, runs on with no thread suspended, and takes a new debugger (ours
 * is gone, and with it every request it made).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WatchBothTest {

    private static final String OURS = "maprace-" + ProcessHandle.current().pid();

    private static TargetProcess start(String sample) throws Exception {
        return TargetProcess.start(Class.forName(Catalog.require(sample).mainClass()), "--seconds", "200",
                "--threads", "3");
    }

    @Test
    void theRacyMapHasSampledAndProvenEvidenceEachMarked() throws Exception {
        Catalog.Sample s = Catalog.require("factory-cache");
        String map = s.mapPath().orElseThrow();
        try (TargetProcess target = start(s.name())) {
            JsonNode joined = null;
            List<String> tried = new ArrayList<>();
            int samples = 0;
            CliRun run = null;
            // The proof comes within a second of arming; the recording's co-sampling needs the writers on the CPUs
            // together often enough (a load of other builds on the host can starve it): watch again, longer.
            int port = target.port();
            for (String duration : List.of("15s", "30s")) {
                port = target.port();
                run = CliRun.of("watch", Long.toString(target.pid()), "--evidence", "both", "--duration", duration,
                        "-f", "json");
                assertEquals(0, run.exitCode(), run.err());
                JsonNode report = ReportJson.mapper().readTree(run.out());
                JsonNode source = report.path("source");
                assertEquals("watch-both", source.path("kind").asText());
                assertTrue(source.path("stats").path("sampled").path("recording").asText().startsWith(OURS),
                        source.toString());
                assertTrue(source.path("stats").path("proven").path("writes").asLong() > 0, source.toString());
                samples = source.path("stats").path("sampled").path("executionSamples").asInt();
                tried.add(report.path("findings").toString() + " " + source.path("stats"));
                JsonNode proven = null;
                for (JsonNode f : report.path("findings")) {
                    if (f.path("kind").asText().equals("unsafe-writes")) {
                        assertEquals(map, f.path("map").path("path").asText(), f.toString());
                        proven = f;
                    }
                    if (f.path("kind").asText().equals("corrupted-map")) {
                        // The race may have broken the map already: the integrity check names it, with no site.
                        assertEquals(map, f.path("map").path("path").asText(), f.toString());
                    } else {
                        assertTrue(SampleExpectations.atAnyOf(f, s.writeSites()), "a finding away from the sites: "
                                + f);
                    }
                }
                assertNotNull(proven, "no proof of " + map + ": " + tried);
                assertEquals("proven", proven.path("severity").asText());
                assertTrue(bases(proven).contains("proven"), proven.toString());
                for (JsonNode e : proven.path("evidence")) {
                    String type = e.path("type").asText();
                    assertEquals(type.equals("overlap") || type.equals("write") || type.equals("corruption")
                            ? "proven" : "sampled", e.path("basis").asText(), e.toString());
                }
                List<String> steered = new ArrayList<>();
                source.path("stats").path("steered").forEach(x -> steered.add(x.asText()));
                // What the recording steered to, if it named anything before the breakpoints were set, is the
                // sample's map (the field that holds it) and one of its write sites.
                for (String line : steered) {
                    assertTrue(line.startsWith("io.maprace.samples.singleton.Factory"), steered.toString());
                    assertTrue(s.writeSites().stream().anyMatch(line::contains), steered.toString());
                }
                if (bases(proven).contains("sampled")) {
                    joined = proven;
                    break;
                }
            }
            if (joined == null) {
                // As in JfrWatchTest: below this many samples the sampler was starved by the host, not the watch.
                assumeTrue(samples >= 600, "the host is too loaded for the sampler: " + samples + " samples");
            }
            assertNotNull(joined, "the recording's evidence never joined the proof: " + tried);
            assertTrue(joined.path("explanation").asText().contains("marked sampled"), joined.toString());

            // The text report says which evidence is which.
            Report back = ReportJson.mapper().readValue(run.out(), Report.class);
            StringWriter text = new StringWriter();
            Format.TEXT.renderer().render(back, text);
            assertTrue(text.toString().contains("[sampled] ") && text.toString().contains("[proven] PROOF"),
                    text.toString());
            assertLeftAsItWas(target, port);
        }
    }

    @Test
    void theFixedTwinGivesNothingFromEither() throws Exception {
        try (TargetProcess target = start("factory-cache-fixed")) {
            int port = target.port();
            CliRun run = CliRun.of("watch", Long.toString(target.pid()), "--evidence", "both", "--duration", "10s",
                    "-f", "json", "-q");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode report = ReportJson.mapper().readTree(run.out());
            assertEquals("watch-both", report.path("source").path("kind").asText());
            assertTrue(report.path("source").path("stats").path("sampled").path("executionSamples").asInt() > 0,
                    report.path("source").toString());
            assertEquals(0, report.path("findings").size(), report.path("findings").toString());
            assertLeftAsItWas(target, port);
        }
    }

    @Test
    void aWatchEndedBySigtermLeavesNoRecordingNoBreakpointAndNoThreadHeld() throws Exception {
        try (TargetProcess target = start("factory-cache")) {
            int port = target.port();
            try (io.maprace.testkit.ChildJvm tool = io.maprace.testkit.ChildJvm.startWithTestClasspath(
                    List.of("--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED"), Main.class.getName(),
                    "watch", Long.toString(target.pid()), "--evidence", "both", "--duration", "120s", "-f", "json")) {
                // Once it says what it watches, the breakpoints are set and the recording runs beside them.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!String.join("\n", tool.stderr()).contains("maprace watch: watching ")
                        && tool.process().isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(String.join("\n", tool.stderr()).contains("maprace watch: watching "),
                        "the watch never armed: " + String.join("\n", tool.stderr()));
                assertTrue(jcmd(target.pid(), "JFR.check").contains("name=maprace-"), "its recording runs");
                Thread.sleep(1000);
                // SIGTERM, the shutdown path Ctrl-C takes, through the handle: Process.destroy() would also close
                // this side of the tool's pipes, and lose the report it writes on the way out.
                tool.process().toHandle().destroy();
                assertTrue(tool.process().waitFor(60, TimeUnit.SECONDS), "the tool ended");
                assertEquals(143, tool.process().exitValue(), String.join("\n", tool.stderr()));
                tool.drain();
                JsonNode report = ReportJson.mapper().readTree(String.join("\n", tool.stdout()));
                assertEquals("watch-both", report.path("source").path("kind").asText(), report.toString());
                assertEquals("interrupted", report.path("source").path("stats").path("sampled").path("ended")
                        .asText(), report.path("source").toString());
                assertTrue(report.path("warnings").toString().contains("stopped"), report.path("warnings")
                        .toString());
            }
            assertFalse(jcmd(target.pid(), "JFR.check").contains("name=maprace-"), "no recording of ours is left");
            assertLeftAsItWas(target, port);
        }
    }

    @Test
    void aTargetThatExitsEndsBothWithTheReportSoFarAndItsCode() throws Exception {
        try (TargetProcess target = start("factory-cache")) {
            java.util.concurrent.CompletableFuture<CliRun> watch = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> CliRun.of("watch", Long.toString(target.pid()), "--evidence", "both", "--duration", "90s",
                            "-f", "json", "-q"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!jcmd(target.pid(), "JFR.check").contains(OURS) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(jcmd(target.pid(), "JFR.check").contains(OURS), "the watch never started its recording");
            Thread.sleep(3000);
            target.process().destroyForcibly();
            CliRun run = watch.get(90, TimeUnit.SECONDS);
            assertEquals(25, run.exitCode(), run.err());
            JsonNode report = ReportJson.mapper().readTree(run.out());
            assertEquals("watch-both", report.path("source").path("kind").asText());
            assertTrue(report.path("warnings").toString().contains("target-exited"), report.toString());
        }
    }

    @Test
    void bothOnAJvmWithoutJdwpSaysSoInOneLine() throws Exception {
        Catalog.Sample s = Catalog.require("factory-cache");
        try (io.maprace.testkit.ChildJvm target = io.maprace.testkit.ChildJvm.startSample(s, false, "--seconds",
                "0")) {
            CliRun run = CliRun.of("watch", Long.toString(target.pid()), "--evidence", "both", "--duration", "5s");
            assertEquals(22, run.exitCode(), run.err());
            String[] lines = run.err().strip().split("\\R");
            assertTrue(lines[lines.length - 1].startsWith("maprace watch: "), run.err());
            assertTrue(run.err().contains("-agentlib:jdwp"), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            assertFalse(jcmd(target.pid(), "JFR.check").contains(OURS), "nothing was started in it");
        }
    }

    @Test
    void contradictoryOptionsAreAUsageError() {
        CliRun run = CliRun.of("watch", "1", "--evidence", "proven", "--jfr");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("contradicts"), run.err());
        assertEquals(2, CliRun.of("watch", "1", "--evidence", "maybe").exitCode());
    }

    private static List<String> bases(JsonNode finding) {
        List<String> out = new ArrayList<>();
        finding.path("evidence").forEach(e -> out.add(e.path("basis").asText()));
        return out;
    }

    /**
     * No recording of ours; our debugger gone (the agent listens again, on a new port, only once the debugger
     * before it left, and drops that debugger's requests); no thread suspended; the target runs on.
     */
    private static void assertLeftAsItWas(TargetProcess target, int portWatched) throws Exception {
        assertFalse(jcmd(target.pid(), "JFR.check").contains(OURS), "our recording is gone");
        assertTrue(target.awaitNewPort(portWatched, 10_000) > 0, "the watch's debugger left");
        VirtualMachine vm = target.attach();
        try {
            assertTrue(vm.eventRequestManager().breakpointRequests().isEmpty());
            for (ThreadReference t : vm.allThreads()) {
                assertEquals(0, t.suspendCount(), t.name() + " is left suspended");
            }
        } finally {
            vm.dispose();
        }
        assertTrue(target.awaitProgressBeyond(target.lastOps(), 10_000), "the target runs on");
    }

    private static String jcmd(long pid, String command) {
        return AttachApi.jcmd(pid, command, Duration.ofSeconds(30));
    }
}
