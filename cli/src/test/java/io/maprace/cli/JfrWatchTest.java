package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;
import io.maprace.probe.target.AttachApi;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code maprace watch} through a flight recording, on samples started with no maprace flag (no JDWP, no JFR
 * option): racy samples give their findings, fixed twins none, and afterwards the target has no recording of
 * ours and no thread of ours.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JfrWatchTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final String OURS = "maprace-" + ProcessHandle.current().pid();

    static Stream<Catalog.Sample> racy() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.RACE);
    }

    static Stream<Catalog.Sample> fixed() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.FIXED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("racy")
    void aRacySampleGivesItsFindingsAndIsLeftAsItWas(Catalog.Sample s) throws Exception {
        String expectedKind = SampleExpectations.raceKind(s);
        try (ChildJvm target = ChildJvm.startSample(s, false, "--seconds", "0")) {
            Set<String> before = threads(target.pid());
            JsonNode found = null;
            List<String> tried = new ArrayList<>();
            int samples = 0;
            // On a loaded host the sampler needs longer for a rule's minimum (as for analyze): watch again, longer.
            for (String duration : List.of("10s", "30s")) {
                CliRun run = CliRun.of("watch", Long.toString(target.pid()), "--duration", duration, "-f", "json");
                assertEquals(0, run.exitCode(), run.err());
                assertTrue(run.err().contains("through a flight recording"), run.err());
                JsonNode report = ReportJson.mapper().readTree(run.out());
                assertEquals("watch-jfr", report.path("source").path("kind").asText());
                tried.add(report.path("findings").toString() + " " + report.path("source").path("stats"));
                samples = report.path("source").path("stats").path("executionSamples").asInt();
                found = ofKind(report, expectedKind);
                if (found != null) {
                    for (JsonNode f : report.path("findings")) {
                        assertTrue(atAnyOf(f, s.writeSites()), "a finding away from the sample's sites: " + f);
                    }
                    break;
                }
            }
            if (found == null) {
                // Co-sampling needs the writers on the CPUs in one sampling period 3 times: with other work
                // taking the host's cores the target's threads hardly run (under 100 samples in 30 s were seen
                // at a load of 35 on 2 cores). That says nothing of the watch; below this the test cannot judge.
                assumeTrue(samples >= 600, "the host is too loaded for the sampler: " + samples + " execution "
                        + "samples in 30 s of " + s.name());
            }
            assertNotNull(found, "no " + expectedKind + " finding for " + s.name() + ": " + tried);
            assertLeftAsItWas(target.pid(), before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixed")
    void aFixedTwinGivesNoFinding(Catalog.Sample s) throws Exception {
        try (ChildJvm target = ChildJvm.startSample(s, false, "--seconds", "0")) {
            Set<String> before = threads(target.pid());
            CliRun run = CliRun.of("watch", Long.toString(target.pid()), "--duration", "8s", "-f", "json", "-q");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode report = ReportJson.mapper().readTree(run.out());
            assertTrue(report.path("source").path("stats").path("executionSamples").asInt() > 0,
                    report.path("source").toString());
            assertEquals(0, report.path("findings").size(), report.path("findings").toString());
            assertLeftAsItWas(target.pid(), before);
        }
    }

    @Test
    void aRecordingTheTargetAlreadyRunsIsLeftAloneAndKeepWritesOurs() throws Exception {
        Catalog.Sample s = Catalog.require("factory-cache");
        try (ChildJvm target = ChildJvm.startSample(s, false, "--seconds", "0")) {
            String pid = Long.toString(target.pid());
            assertTrue(jcmd(target.pid(), "JFR.start name=theirs settings=default").contains("Started recording"));
            java.nio.file.Path keep = java.nio.file.Files.createTempDirectory("maprace-keep").resolve("kept.jfr");
            CliRun run = CliRun.of("watch", pid, "--duration", "4s", "--keep", keep.toString(), "-f", "json", "-q");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode report = ReportJson.mapper().readTree(run.out());
            assertTrue(report.path("warnings").toString().contains("other-recordings"), report.toString());
            String check = jcmd(target.pid(), "JFR.check");
            assertTrue(check.contains("name=theirs") && check.contains("(running)"), check);
            assertFalse(check.contains(OURS), check);
            assertTrue(java.nio.file.Files.size(keep) > 0, "the kept recording");
            CliRun analyze = CliRun.of("analyze", "-q", "-f", "json", keep.toString());
            assertEquals(0, analyze.exitCode(), analyze.err());
            java.nio.file.Files.delete(keep);
            java.nio.file.Files.delete(keep.getParent());
        }
    }

    @Test
    void aRecordingStoppedByAnotherEndsTheWatchWithItsCode() throws Exception {
        Catalog.Sample s = Catalog.require("factory-cache");
        try (ChildJvm target = ChildJvm.startSample(s, false, "--seconds", "0")) {
            CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() ->
                    CliRun.of("watch", Long.toString(target.pid()), "--duration", "60s", "-f", "json", "-q"));
            awaitRecording(target.pid());
            jcmd(target.pid(), "JFR.stop name=" + OURS);
            CliRun run = watch.get(60, TimeUnit.SECONDS);
            assertEquals(53, run.exitCode(), run.err());
            assertTrue(run.err().contains("was stopped by someone else"), run.err());
            assertFalse(jcmd(target.pid(), "JFR.check").contains(OURS));
        }
    }

    @Test
    void aTargetThatExitsEndsTheWatchWithTheReportSoFar() throws Exception {
        Catalog.Sample s = Catalog.require("factory-cache");
        try (ChildJvm target = ChildJvm.startSample(s, false, "--seconds", "0")) {
            CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() ->
                    CliRun.of("watch", Long.toString(target.pid()), "--duration", "60s", "-f", "json", "-q"));
            awaitRecording(target.pid());
            target.kill();
            CliRun run = watch.get(60, TimeUnit.SECONDS);
            assertEquals(25, run.exitCode(), run.err());
            JsonNode report = ReportJson.mapper().readTree(run.out());
            assertEquals("target-exited", report.path("source").path("stats").path("ended").asText());
        }
    }

    @Test
    void aWatchEndedBySigtermStopsItsRecording() throws Exception {
        Catalog.Sample s = Catalog.require("factory-cache");
        try (ChildJvm target = ChildJvm.startSample(s, false, "--seconds", "0")) {
            Set<String> before = threads(target.pid());
            try (ChildJvm tool = ChildJvm.startWithTestClasspath(
                    List.of("--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED"), Main.class.getName(),
                    "watch", Long.toString(target.pid()), "--duration", "120s", "-f", "json")) {
                // Once it says it reads the repository, the watch is in its loop, its recording running.
                long deadline = System.nanoTime() + T.toNanos() * 6;
                while (!String.join("\n", tool.stderr()).contains("(events arrive") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(String.join("\n", tool.stderr()).contains("(events arrive"), "the watch never started: " + String.join("\n", tool.stderr()));
                assertTrue(jcmd(target.pid(), "JFR.check").contains("name=maprace-"), "its recording runs");
                Thread.sleep(2000);
                // SIGTERM, the shutdown path Ctrl-C takes, through the handle: Process.destroy() would also close
                // this side of the tool's pipes at once, and lose the report it writes on the way out
                tool.process().toHandle().destroy();
                assertTrue(tool.process().waitFor(60, TimeUnit.SECONDS), "the tool ended");
                assertFalse(jcmd(target.pid(), "JFR.check").contains("name=maprace-"), "no recording of ours is left");
                assertEquals(143, tool.process().exitValue(), "ended by the signal: " + String.join("\n", tool.stderr()));
                // The report so far is written on the way out, as after Ctrl-C.
                tool.drain();
                JsonNode report = ReportJson.mapper().readTree(String.join("\n", tool.stdout()));
                assertEquals("interrupted", report.path("source").path("stats").path("ended").asText(),
                        String.join("\n", tool.stdout()));
            }
            assertFalse(jcmd(target.pid(), "JFR.check").contains("name=maprace-"), "no recording of ours is left");
            assertLeftAsItWas(target.pid(), before);
        }
    }

    @Test
    void jfrDisabledAndAttachRefusedGiveOneLineAndTheirCodes() throws Exception {
        try (ChildJvm noJfr = ChildJvm.startSample(List.of("-XX:-FlightRecorder"),
                "io.maprace.samples.bench.BusyMaps", "--seconds", "120")) {
            noJfr.awaitLine("ready", Duration.ofSeconds(30));
            CliRun run = CliRun.of("watch", Long.toString(noJfr.pid()), "--duration", "5s");
            assertEquals(50, run.exitCode(), run.err());
            assertTrue(lastLine(run).startsWith("maprace watch: ") && lastLine(run).contains("-XX:-FlightRecorder"),
                    run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
        try (ChildJvm noAttach = ChildJvm.startSample(List.of("-XX:+DisableAttachMechanism"),
                "io.maprace.samples.bench.BusyMaps", "--seconds", "120")) {
            noAttach.awaitLine("ready", Duration.ofSeconds(30));
            CliRun run = CliRun.of("watch", Long.toString(noAttach.pid()), "--jfr", "--duration", "5s");
            assertEquals(23, run.exitCode(), run.err());
            assertTrue(lastLine(run).startsWith("maprace watch: "), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    private static String lastLine(CliRun run) {
        String[] lines = run.err().strip().split("\\R");
        return lines[lines.length - 1];
    }

    private static void awaitRecording(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos() * 3;
        while (System.nanoTime() < deadline) {
            if (jcmd(pid, "JFR.check").contains(OURS)) {
                Thread.sleep(2000); // let the watch read a little
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the watch never started its recording");
    }

    /**
     * No recording of ours, and no new thread but JFR's own: once a JVM has recorded, its recorder thread and
     * periodic task thread stay (the JDK never stops them), as do compiler and GC threads it starts on demand.
     */
    private static void assertLeftAsItWas(long pid, Set<String> before) {
        assertFalse(jcmd(pid, "JFR.check").contains(OURS), "our recording is gone");
        Set<String> added = new TreeSet<>(threads(pid));
        added.removeAll(before);
        added.removeIf(n -> n.equals("JFR Recorder Thread") || n.equals("JFR Periodic Tasks")
                || n.startsWith("C1 CompilerThread") || n.startsWith("C2 CompilerThread") || n.startsWith("GC Thread#")
                || n.startsWith("G1 ") || n.equals("Attach Listener"));
        assertEquals(Set.of(), added, "threads left in the target");
    }

    /** The names of the target's Java threads ({@code "name" #id}), from a thread dump. */
    private static Set<String> threads(long pid) {
        Set<String> names = new TreeSet<>();
        for (String line : jcmd(pid, "Thread.print").split("\\R")) {
            if (line.startsWith("\"") && line.indexOf("\" #") > 0) {
                String name = line.substring(1, line.indexOf("\" #"));
                names.add(name);
            }
        }
        return names;
    }

    private static String jcmd(long pid, String command) {
        return AttachApi.jcmd(pid, command, Duration.ofSeconds(30));
    }

    private static JsonNode ofKind(JsonNode report, String kind) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("kind").asText().equals(kind)) {
                return f;
            }
        }
        return null;
    }

    private static boolean atAnyOf(JsonNode finding, List<String> methods) {
        return SampleExpectations.atAnyOf(finding, methods);
    }
}
