package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maprace stuck} through picocli, on a spinning sample started with no maprace flag. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StuckCommandTest {

    @Test
    void reportsTheSpinningThreadsAsJsonAndTextByMainClassOrPid() throws Exception {
        Catalog.Sample sample = Catalog.require("spinning-tree-bin");
        try (ChildJvm target = ChildJvm.startSample(sample, false, "--seconds", "0", "--threads", "1")) {
            CliRun json = CliRun.of("stuck", Long.toString(target.pid()), "--format", "json");
            assertEquals(0, json.exitCode(), json.err());
            JsonNode report = ReportJson.mapper().readTree(json.out());
            assertEquals("stuck", report.path("source").path("kind").asText());
            JsonNode f = report.path("findings").get(0);
            assertEquals("stuck-in-map", f.path("kind").asText());
            assertEquals("likely", f.path("severity").asText());
            assertTrue(f.path("sites").get(0).asText().startsWith(sample.sitesOf(Catalog.SiteRole.SPIN).get(0)),
                    f.toString());
            JsonNode e = f.path("evidence").get(0);
            assertEquals("spinning-thread", e.path("type").asText());
            assertTrue(e.path("cpuShare").asDouble() > 0, e.toString());
            assertTrue(e.path("firstSeen").asText().startsWith("20"), e.toString());
            assertTrue(json.err().contains("maprace stuck: likely: 1 thread spinning in HashMap$TreeNode.find"),
                    json.err());

            CliRun text = CliRun.of("stuck", Long.toString(target.pid()), "-q",
                    "--dumps", "3", "--interval", "200ms");
            assertEquals(0, text.exitCode(), text.err());
            assertTrue(text.out().contains("spinning in HashMap$TreeNode.find"), text.out());
            assertTrue(text.out().contains("restart the process"), text.out());
            assertEquals("", text.err());
        }
    }

    @Test
    void badTargetsGiveOneLineAndTheirOwnExitCode() {
        assertProblem(20, "no process with pid 2147483647", "stuck", "2147483647");
        assertProblem(20, "no local JVM's main class matches", "stuck", "NoSuchMainClassAnywhere");
        assertProblem(2, "is a JDWP address", "stuck", "127.0.0.1:5005");
        assertProblem(2, "--dumps must be between 2 and 100", "stuck", "1", "--dumps", "1");
    }

    private static void assertProblem(int exit, String message, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(exit, r.exitCode(), r.err());
        String[] lines = r.err().strip().split("\\R");
        assertTrue(lines[lines.length - 1].startsWith("maprace stuck: ") && r.err().contains(message), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
