package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;
import io.maprace.probe.target.JdwpStatus;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maprace ps} and {@code maprace scan} through picocli, against the corrupted-maps sample. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveCommandsTest {

    private static final Catalog.Sample SAMPLE = Catalog.require("corrupted-maps");
    private static ChildJvm withJdwp;
    private static ChildJvm withoutJdwp;

    /** What one run of the command line printed and returned. */
    @BeforeAll
    static void start() throws Exception {
        withJdwp = ChildJvm.startSample(SAMPLE, true, "--seconds", "0");
        withoutJdwp = ChildJvm.startSample(SAMPLE, false, "--seconds", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (withJdwp != null) {
            withJdwp.close();
        }
        if (withoutJdwp != null) {
            withoutJdwp.close();
        }
    }

    @Test
    void psAsJsonAndAsATable() throws Exception {
        CliRun json = CliRun.of("ps", Long.toString(withJdwp.pid()), Long.toString(withoutJdwp.pid()), "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode rows = ReportJson.mapper().readTree(json.out());
        assertEquals(2, rows.size(), json.out());
        for (JsonNode row : rows) {
            assertEquals(SAMPLE.mainClass(), row.path("mainClass").asText());
            assertEquals(Runtime.version().feature(), row.path("jdk").asInt());
            if (row.path("pid").asLong() == withJdwp.pid()) {
                assertEquals("listening", row.path("jdwp").asText());
                assertTrue(row.path("jdwpAddress").asText().startsWith("127.0.0.1:"), row.toString());
                assertTrue(row.path("commands").toString().contains("scan"), row.toString());
            } else {
                assertEquals("absent", row.path("jdwp").asText());
                // no JDWP: no live scan, but a scan of a heap dump the JVM writes
                assertFalse(row.path("commands").toString().contains("\"scan\""), row.toString());
                assertTrue(row.path("commands").toString().contains("\"scan --heap-dump\""), row.toString());
                assertTrue(row.path("advice").asText().contains(JdwpStatus.flagFor(Runtime.version().feature())),
                        row.toString());
            }
        }
        CliRun table = CliRun.of("ps", Long.toString(withJdwp.pid()));
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().startsWith("PID"), table.out());
        assertTrue(table.out().contains(withJdwp.pid() + " ") && table.out().contains("listening 127.0.0.1:"),
                table.out());
    }

    @Test
    void scanReportsEveryDamagedMapOfTheSampleAsJson() throws Exception {
        CliRun r = CliRun.of("scan", Long.toString(withJdwp.pid()), "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Set.copyOf(SAMPLE.mapPaths(Catalog.MapRole.SUBJECT)), ScanReports.provenCorruptedPaths(r.out()));
        assertTrue(r.err().contains("maps checked"), r.err());
        assertTrue(r.err().contains("longest pause of the target caused by the scan: 0 ms"), r.err());
    }

    @Test
    void scanAsTextByDefault() {
        CliRun r = CliRun.of("scan", Long.toString(withJdwp.pid()), "-q", "--top", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("corrupted-map") || r.out().contains("corrupted"), r.out());
        assertTrue(r.out().contains("HASH_MAP_BIN_CYCLE"), r.out());
    }

    @Test
    void aLimitCutsTheScanAndSaysSo() throws Exception {
        CliRun r = CliRun.of("scan", Long.toString(withJdwp.pid()), "--limit", "5", "--format", "json", "-q");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = ReportJson.mapper().readTree(r.out());
        assertEquals("limit", report.path("source").path("stats").path("cutBy").asText());
        assertTrue(report.path("warnings").toString().contains("limit-reached"), report.path("warnings").toString());
    }

    @Test
    void badTargetsGiveOneLineAndTheirOwnExitCode() throws Exception {
        assertProblem(20, "no process with pid 2147483647", "scan", "2147483647");
        assertProblem(20, "no local JVM's main class matches", "scan", "NoSuchMainClassAnywhere");
        assertProblem(22, JdwpStatus.flagFor(Runtime.version().feature()), "scan", Long.toString(withoutJdwp.pid()));
        // Other JVMs of this sample may run on the machine: the message names at least these two.
        assertProblem(26, withJdwp.pid() + " (" + SAMPLE.mainClass() + ")", "scan", "corrupt.CorruptedMaps");
        assertProblem(26, withoutJdwp.pid() + " (" + SAMPLE.mainClass() + ")", "scan", "corrupt.CorruptedMaps");
        assertProblem(2, "not a valid pid", "scan", "0");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertProblem(22, "nothing listens on 127.0.0.1:" + closed, "scan", "127.0.0.1:" + closed);
    }

    private static void assertProblem(int exit, String message, String... args) {
        long start = System.nanoTime();
        CliRun r = CliRun.of(args);
        assertEquals(exit, r.exitCode(), r.err());
        String[] lines = r.err().strip().split("\\R");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("maprace scan: ") && last.contains(message), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for a user problem: " + r.err());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took too long: " + String.join(" ", args));
    }
}
