package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading a scan's JSON report in tests. */
final class ScanReports {

    private ScanReports() {
    }

    /** The paths of the corrupted maps of a scan report, each checked to be proven. */
    static Set<String> provenCorruptedPaths(String json) throws Exception {
        JsonNode report = ReportJson.mapper().readTree(json);
        assertEquals("scan", report.path("source").path("kind").asText());
        Set<String> corrupted = new HashSet<>();
        for (JsonNode f : report.path("findings")) {
            if (f.path("kind").asText().equals("corrupted-map")) {
                assertEquals("proven", f.path("severity").asText(), f.toString());
                corrupted.add(f.path("map").path("path").asText());
            }
        }
        return corrupted;
    }
}
