package io.maprace.findings;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.Stacks;
import io.maprace.graph.ContentionGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportJsonTest {

    @Test
    void theDocumentHasTheStableShape() throws Exception {
        Finding f = new Finding("F1", FindingKind.CONCURRENT_WRITERS, Severity.CANDIDATE, "t",
                MapRef.ofType("java.util.HashMap"), List.of("a.B.c(B.java:1)"), List.of(Stacks.thread(1)),
                List.of(new Evidence.CoSampled("a.B.c(B.java:1)", Stacks.thread(1), Stacks.thread(2), 3, Stacks.T0,
                        Stacks.T0)), "why", "fix");
        Report r = new Report(Report.SCHEMA, "maprace test", new Source("recording", List.of("x.jfr"), Stacks.T0,
                null, Map.of("eventsRead", 1)), List.of(f), ContentionGraph.EMPTY, List.of());
        String json = ReportJson.mapper().writeValueAsString(r);
        JsonNode root = ReportJson.mapper().readTree(json);
        assertEquals("maprace-report/1", root.get("schema").asText());
        JsonNode finding = root.get("findings").get(0);
        for (String field : List.of("id", "kind", "severity", "map", "sites", "threads", "evidence")) {
            assertTrue(finding.has(field), field);
        }
        assertEquals("concurrent-writers", finding.get("kind").asText());
        assertEquals("candidate", finding.get("severity").asText());
        assertEquals("java.util.HashMap", finding.get("map").get("type").asText());
        assertFalse(finding.get("map").has("path"), "unknown map facts are left out, not null");
        assertEquals("co-sampled", finding.get("evidence").get(0).get("type").asText());
        assertEquals("2026-01-01T00:00:00Z", finding.get("evidence").get(0).get("firstSeen").asText());
        assertEquals(r, ReportJson.mapper().readValue(json, Report.class), "reads back to the same report");
    }

    @Test
    void warningsKeepTheirCodeAndMessageOnlyAndCarryTheirExitCode() throws Exception {
        Report r = new Report(Report.SCHEMA, "maprace test", new Source("scan", List.of("pid 1"), Stacks.T0, null,
                Map.of()), List.of(), ContentionGraph.EMPTY, List.of(WarningCode.TIME_BUDGET_EXCEEDED.warning("cut"),
                WarningCode.HEAP_WALK.warning("walked"), new Warning("someone-elses", "?")));
        String json = ReportJson.mapper().writeValueAsString(r);
        JsonNode first = ReportJson.mapper().readTree(json).get("warnings").get(0);
        assertEquals(List.of("code", "message"), iterable(first.fieldNames()));
        assertEquals("time-budget-exceeded", first.get("code").asText());
        Report back = ReportJson.mapper().readValue(json, Report.class);
        assertEquals(r, back, "reads back to the same report");
        assertEquals(List.of(9, 0, 0), back.warnings().stream().map(Warning::exitCode).toList());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
