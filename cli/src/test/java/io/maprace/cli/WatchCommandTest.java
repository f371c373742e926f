package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;

import io.maprace.error.Problem;
import io.maprace.findings.ReportJson;
import io.maprace.probe.watch.TargetProcess;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maprace watch} through picocli, and as a process stopped by a signal or killed. */
class WatchCommandTest {

    private static final Catalog.Sample FACTORY = Catalog.require("factory-cache");
    private static final String MAP = FACTORY.mapPath().orElseThrow();

    private static TargetProcess factory() throws Exception {
        return TargetProcess.start(Class.forName(FACTORY.mainClass()), "--seconds", "120", "--threads", "3");
    }

    @Test
    void provesTheRaceAndWritesJson() throws Exception {
        try (TargetProcess target = factory()) {
            CliRun r = CliRun.of("watch", "--map", MAP, "--duration", "10s", "--stop-on-proof", "--format", "json",
                    "127.0.0.1:" + target.port());
            assertEquals(0, r.exitCode(), r.err());
            JsonNode report = ReportJson.mapper().readTree(r.out());
            assertEquals("watch", report.path("source").path("kind").asText());
            JsonNode finding = report.path("findings").path(0);
            assertEquals("proven", finding.path("severity").asText());
            assertEquals(MAP, finding.path("map").path("path").asText());
            assertEquals("race", report.path("graph").path("edges").path(0).path("kind").asText());
            assertTrue(r.err().contains("maprace watch: watching 1 field"), r.err());
            // the race proven, and the map's damage too when the integrity check at arming already finds it
            long proven = java.util.stream.StreamSupport.stream(report.path("findings").spliterator(), false)
                    .filter(f -> f.path("severity").asText().equals("proven")).count();
            assertTrue(proven >= 1 && r.err().contains("maprace watch: " + proven + " proven, 0 likely"), r.err());
        }
    }

    @Test
    void withoutMapTheScansRankingIsWatchedByPid() throws Exception {
        try (TargetProcess target = factory()) {
            CliRun r = CliRun.of("watch", "--duration", "10s", "-f", "json", String.valueOf(target.pid()));
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("maprace watch: scan ranked "), r.err());
            JsonNode report = ReportJson.mapper().readTree(r.out());
            boolean proven = false;
            for (JsonNode f : report.path("findings")) {
                proven |= f.path("severity").asText().equals("proven") && f.path("map").path("path").asText()
                        .equals(MAP);
            }
            assertTrue(proven, r.out());
        }
    }

    static java.util.stream.Stream<Catalog.Sample> races() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.RACE);
    }

    /** What a user who does not know where to look runs: the pid alone, and every race shape is proven. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("races")
    void withoutMapEveryRaceShapeIsProvenOnItsMap(Catalog.Sample sample) throws Exception {
        try (TargetProcess target = TargetProcess.start(Class.forName(sample.mainClass()), "--seconds", "120",
                "--threads", "3")) {
            CliRun r = CliRun.of("watch", "--duration", "20s", "--stop-on-proof", "-f", "json", String.valueOf(target.pid()));
            assertEquals(0, r.exitCode(), r.err());
            JsonNode report = ReportJson.mapper().readTree(r.out());
            String expected = sample.mapPath().orElseThrow();
            List<String> proven = new ArrayList<>();
            for (JsonNode f : report.path("findings")) {
                if (f.path("severity").asText().equals("proven")) {
                    // scan names a value of a map {value}; --map and the catalog write [*] for any element
                    proven.add(f.path("map").path("path").asText().replace("{value}", "[*]"));
                }
            }
            assertTrue(proven.contains(expected), () -> proven + " vs " + expected + "\n" + r.err());
        }
    }

    @Test
    void textHtmlAndDotRenderAWatch(@TempDir Path dir) throws Exception {
        try (TargetProcess target = factory()) {
            int first = target.port();
            CliRun text = CliRun.of("watch", "--map", MAP, "--duration", "10s", "--stop-on-proof", "-q", "127.0.0.1:" + first);
            assertEquals(0, text.exitCode(), text.err());
            assertTrue(text.out().contains("PROVEN") || text.out().contains("proven"), text.out());
            assertTrue(text.out().contains("Factory.DEFAULT.cache"), text.out());
            assertTrue(text.err().lines().allMatch(l -> l.startsWith("maprace: warning: ")), text.err());
            Path html = dir.resolve("watch.html");
            // Each debugger that leaves makes the agent listen again, on a new port.
            int second = target.awaitNewPort(first, 10_000);
            CliRun h = CliRun.of("watch", "--map", MAP, "--duration", "10s", "--stop-on-proof", "-q", "-f", "html", "-o",
                    html.toString(), "127.0.0.1:" + second);
            assertEquals(0, h.exitCode(), h.err());
            String page = Files.readString(html);
            assertTrue(page.contains("<svg") && page.contains(FACTORY.threadPrefix()), "no graph drawn");
            CliRun dot = CliRun.of("watch", "--map", MAP, "--duration", "10s", "--stop-on-proof", "-q", "-f", "dot",
                    "127.0.0.1:" + target.awaitNewPort(second, 10_000));
            assertTrue(dot.out().startsWith("digraph") || dot.out().contains("graph"), dot.out());
        }
    }

    @Test
    void lockWaitsDrawBlocksEdgesUnlessTurnedOff() throws Exception {
        Catalog.Sample locked = Catalog.require("common-lock-writers");
        String map = locked.mapPath().orElseThrow();
        try (TargetProcess target = TargetProcess.start(Class.forName(locked.mainClass()), "--seconds", "120",
                "--threads", "3")) {
            int first = target.port();
            CliRun on = CliRun.of("watch", "--map", map, "--duration", "3s", "-q", "-f", "json", "127.0.0.1:" + first);
            JsonNode withWaits = ReportJson.mapper().readTree(on.out());
            assertTrue(withWaits.path("source").path("stats").path("monitorWaits").asLong() > 0, on.out());
            CliRun off = CliRun.of("watch", "--map", map, "--duration", "3s", "-q", "-f", "json", "--no-lock-waits",
                    "127.0.0.1:" + target.awaitNewPort(first, 10_000));
            JsonNode without = ReportJson.mapper().readTree(off.out());
            assertTrue(without.path("source").path("stats").path("writes").asLong() > 0, off.out());
            assertEquals(0, without.path("source").path("stats").path("monitorWaits").asLong(), off.out());
            assertEquals(0, without.path("graph").path("edges").size(), off.out());
        }
    }

    @Test
    void usageAndTargetProblemsExitWithTheirCodes() throws Exception {
        CliRun badMap = CliRun.of("watch", "--map", "not a map", "127.0.0.1:1");
        assertEquals(Problem.USAGE.exitCode(), badMap.exitCode());
        assertTrue(badMap.err().contains("bad --map 'not a map'"), badMap.err());
        CliRun badBudget = CliRun.of("watch", "--budget", "150%", "127.0.0.1:1");
        assertEquals(Problem.USAGE.exitCode(), badBudget.exitCode());
        CliRun nobody = CliRun.of("watch", "127.0.0.1:1");
        assertEquals(Problem.NO_JDWP.exitCode(), nobody.exitCode(), nobody.err());
        assertTrue(nobody.err().contains("nothing listens on 127.0.0.1:1"), nobody.err());
        try (TargetProcess target = factory()) {
            CliRun missing = CliRun.of("watch", "--map", "com.nowhere.Cache.MAP", "127.0.0.1:" + target.port());
            assertEquals(Problem.MAP_NOT_FOUND.exitCode(), missing.exitCode(), missing.err());
        }
    }

    private static Process tool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void signalEndsTheWatchWithTheReportSoFar(@TempDir Path dir) throws Exception {
        try (TargetProcess target = factory()) {
            Path json = dir.resolve("report.json");
            int port = target.port();
            Process p = tool("watch", "--map", MAP, "--duration", "120s", "-f", "json", "-o", json.toString(),
                    "127.0.0.1:" + port);
            try (TargetProcess tool = TargetProcess.of(p)) {
                // Signalled once writes were seen (a proof needs two), so the report so far has something in it.
                assertNotNull(tool.awaitLine("maprace watch: proven: ", 30_000), () -> "no proof: " + tool.lines());
                p.destroy(); // SIGTERM, as Ctrl-C: shutdown hooks run
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the tool did not end");
                assertTrue(Files.exists(json), () -> "no report; exit " + p.exitValue() + ", output: " + tool.lines());
                JsonNode report = ReportJson.mapper().readTree(Files.readString(json));
                assertTrue(report.path("source").path("stats").path("writes").asLong() > 0, report.toString());
                assertEquals("stopped", report.path("warnings").path(0).path("code").asText(), report.toString());
            }
            target.assertFreeAfter(port);
        }
    }

    @Test
    void killedToolLeavesTheTargetRunning() throws Exception {
        try (TargetProcess target = factory()) {
            int port = target.port();
            Process p = tool("watch", "--map", MAP, "--duration", "120s", "--budget", "100%", "--hold", "1s",
                    "127.0.0.1:" + port);
            try (TargetProcess tool = TargetProcess.of(p)) {
                assertNotNull(tool.awaitLine("maprace watch: watching", 30_000), () -> "no start: " + tool.lines());
                long ops = target.lastOps();
                assertTrue(target.awaitProgressBeyond(ops, 5000)); // hits and holds going on
                p.destroyForcibly(); // SIGKILL: no hook, no cleanup by the tool
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
            target.assertFreeAfter(port);
        }
    }
}
