package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.error.Problem;
import io.maprace.findings.ReportJson;
import io.maprace.probe.testapp.CorruptedMapsJvm;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maprace scan} as a process, ended early: by the target exiting, and by SIGTERM (Ctrl-C) on maprace. Both
 * times the report of what was read is written to {@code -o}, the damaged maps already checked in it, with the
 * exit code of the cause.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScanEndsEarlyTest {

    private static final String BIN_CYCLE = CorruptedMapsTarget.class.getName() + "$Broken.BIN_CYCLE";
    /** A progress line of the walk from static fields: {@code walking from N static fields of C classes: D of L}. */
    private static final Pattern WALKED = Pattern.compile("maprace scan: walking from (\\d+) static fields of \\d+ "
            + "classes: (\\d+) of \\d+");

    private static ChildJvm tool(String... args) throws Exception {
        return ChildJvm.startWithTestClasspath(List.of(), Main.class.getName(), args);
    }

    /**
     * Waits for a progress line that shows the walk past its roots: it reads every root (every map a static field
     * holds, checked as it is read) before any object one step further, so more objects read than roots means
     * those maps are in what was read. Counted, not timed.
     */
    private static void awaitPastTheRoots(ChildJvm tool) throws InterruptedException {
        tool.awaitLine(l -> {
            Matcher m = WALKED.matcher(l);
            return m.find() && Long.parseLong(m.group(2)) > Long.parseLong(m.group(1));
        }, Duration.ofSeconds(60));
    }

    private static JsonNode report(Path json, ChildJvm tool) throws Exception {
        assertTrue(Files.exists(json), () -> "no report; output: " + tool.lines());
        return ReportJson.mapper().readTree(Files.readString(json));
    }

    private static void assertDamageReported(JsonNode report) {
        boolean found = false;
        for (JsonNode f : report.path("findings")) {
            found |= f.path("kind").asText().equals("corrupted-map")
                    && f.path("map").path("path").asText().equals(BIN_CYCLE);
        }
        assertTrue(found, report.path("findings")::toString);
        assertTrue(report.path("source").path("stats").path("objectsRead").asLong() > 0, report::toString);
    }

    /** What a test does to a scan under way, and what it then checks of the report. */
    private interface EarlyEnd {
        void run(ChildJvm target, ChildJvm tool, Path json) throws Exception;
    }

    /**
     * Scans a target holding 300,000 small maps in one static array (a walk of minutes, after the maps the static
     * fields hold) into a JSON file, and once the walk is past its roots, ends it early as {@code end} says.
     */
    private static void scanEndedEarly(Path dir, EarlyEnd end) throws Exception {
        Path json = dir.resolve("scan.json");
        try (ChildJvm target = CorruptedMapsJvm.start("--maps", "300000");
             ChildJvm tool = tool("scan", Long.toString(target.pid()), "--timeout", "2m", "-f", "json", "-o",
                     json.toString())) {
            awaitPastTheRoots(tool);
            end.run(target, tool, json);
        }
    }

    @Test
    void theTargetExitsDuringTheWalkAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        scanEndedEarly(dir, (target, tool, json) -> {
            target.kill();
            assertEquals(Problem.TARGET_EXITED.exitCode(), tool.awaitExit(Duration.ofSeconds(30)),
                    tool.lines()::toString);
            JsonNode report = report(json, tool);
            JsonNode stats = report.path("source").path("stats");
            assertEquals("target-exited", stats.path("cutBy").asText(), stats::toString);
            assertEquals("statics", stats.path("cutDuring").asText(), stats::toString);
            assertEquals("target-exited", report.path("warnings").path(0).path("code").asText(), report::toString);
            assertDamageReported(report);
        });
    }

    @Test
    void sigtermStopsTheWalkAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        scanEndedEarly(dir, (target, tool, json) -> {
            // SIGTERM, as Ctrl-C (shutdown hooks run), through the handle: Process.destroy() would also close the
            // tool's output pipes, and its last lines with them
            tool.process().toHandle().destroy();
            assertEquals(128 + 15, tool.awaitExit(Duration.ofSeconds(30)), tool.lines()::toString);
            JsonNode report = report(json, tool);
            JsonNode stats = report.path("source").path("stats");
            assertEquals("interrupted", stats.path("cutBy").asText(), stats::toString);
            assertEquals("statics", stats.path("cutDuring").asText(), stats::toString);
            assertTrue(report.path("warnings").toString().contains("\"stopped\""), report::toString);
            assertDamageReported(report);
            // The target runs on, released: its worker makes progress.
            target.awaitWorkProgress(Duration.ofSeconds(10));
        });
    }
}
