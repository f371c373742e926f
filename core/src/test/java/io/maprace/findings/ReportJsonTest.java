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

    static final RecordingStats RECORDING = RecordingStats.of(1, 2048, 1, 1,
            new SampleCounts(5, 2, 20, 0, 0, 0, 0, 0, 0, 0), 12);
    static final ScanStats SCAN = ScanStats.measured(3, 4, 2, 100, 6, 6, 0, 0, 40, 15, 0.04, 0, -1, -1, -1, null,
            false, 0).withSharing(1, 1);
    static final DumpScanStats DUMP = DumpScanStats.scanned(3, 4, 2, 100, 6, 6, 0, 15, null, 0, 0, 1 << 20, 900, 8,
            30, 4096).withDumpTaken(12.34, true, 80, 95, null).withSharing(1, 1);
    static final WatchStats WATCH = new WatchStats(0, 7, 1, 120L, 3000, 40, 0.5, 5, 1.25, 30, null, null, 2, null, 2, 3, 9, 1, 8,
            2, 11, 5, 14, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0, Map.of("cannot be read", 1L), List.of("a.B#m"),
            2, List.of("a.B.m: shared"), List.of()).withVerdicts(List.of(new MapVerdict("a.B.m", "HashMap", 2, 1234, 2, Severity.PROVEN,
            "two threads inside it at once"), new MapVerdict("a.C#n (x)", "TreeMap", 1, 1, 1, null, "one writer")));

    /**
     * The stats records keep the JSON of the counters they replaced: the same names in the same order, diagnostic
     * counters only when not 0, the unknown safepoint times as null; and they read back to the same records.
     */
    @Test
    void statsKeepTheirNamesAndOrderAndReadBack() throws Exception {
        assertEquals("{\"files\":1,\"bytes\":2048,\"chunks\":1,\"eventsRead\":1,\"executionSamples\":5,"
                + "\"sampledThreads\":2,\"samplingPeriodMs\":20,\"lockWaits\":0,\"allocationSamples\":0,"
                + "\"exceptionEvents\":0,\"threadDumps\":0,\"lockedWriteSamples\":0,\"sitesThatLookedConfined\":0,"
                + "\"sitesThatLookedLocked\":0,\"analysisMillis\":12}", compact(RECORDING));
        assertEquals("{\"classes\":3,\"staticFields\":4,\"threads\":2,\"objectsRead\":100,\"mapsFound\":6,"
                + "\"mapsChecked\":6,\"mapsCorrupted\":0,\"transientInconsistencies\":0,\"jdwpRequests\":40,"
                + "\"elapsedMillis\":15,\"longestPauseMillis\":0.0,\"suspensions\":0,\"targetSafepointMillis\":null,"
                + "\"targetSafepoints\":null,\"targetLongestSafepointMillis\":null,\"cutBy\":\"none\","
                + "\"heapWalk\":false,\"readErrors\":0,\"sharedMaps\":1,\"sharedMapGroups\":1,\"cutDuring\":\"none\","
                + "\"mapsPartlyRead\":0,\"mapsUnconfirmed\":0,\"targetAgentCpuMillis\":null}", compact(SCAN));
        assertEquals("{\"maps\":2,\"writes\":7,\"proofs\":1,\"firstProofMillis\":120,\"durationMillis\":3000,"
                + "\"setupMillis\":40,\"watchedFraction\":0.5,\"budgetPercent\":5.0,\"overheadPercent\":1.25,"
                + "\"toolCpuMillis\":30,\"rearmMillis\":2,\"threadsHit\":2,\"samplingWindows\":3,\"hits\":9,"
                + "\"holds\":1,\"heldMillis\":8,\"sites\":2,\"classesScanned\":11,\"scanMillis\":5,"
                + "\"eventMicrosMean\":14,\"classesSkipped\":1,\"monitorWaits\":4,"
                + "\"classesSkippedBy\":{\"cannot be read\":1},\"fields\":[\"a.B#m\"],\"integrityChecks\":2,"
                + "\"watchedBecause\":[\"a.B.m: shared\"],\"mapVerdicts\":["
                + "\"a.B.m (HashMap, 2 instances): 1,234 writes by 2 threads: proven, two threads inside it at once\","
                + "\"a.C#n (x) (TreeMap): 1 write by 1 thread: safe, one writer\"]}", compact(WATCH));
        assertEquals("{\"classes\":3,\"staticFields\":4,\"threads\":2,\"objectsRead\":100,\"mapsFound\":6,"
                + "\"mapsChecked\":6,\"mapsCorrupted\":0,\"elapsedMillis\":15,\"longestPauseMillis\":12.3,"
                + "\"cutBy\":\"none\",\"readErrors\":0,\"danglingReferences\":0,\"dumpBytes\":1048576,"
                + "\"dumpObjects\":900,\"dumpIdSize\":8,\"indexMillis\":30,\"indexHeapBytes\":4096,"
                + "\"dumpPauseMillis\":12.3,\"dumpPauseMeasured\":true,\"dumpWriteMillis\":80,"
                + "\"dumpCommandMillis\":95,\"sharedMaps\":1,\"sharedMapGroups\":1}", compact(DUMP));
        for (SourceStats stats : List.of(RECORDING, SCAN, DUMP, WATCH)) {
            Source source = new Source("any", List.of("x"), Stacks.T0, null, stats);
            assertEquals(source, ReportJson.mapper().readValue(ReportJson.mapper().writeValueAsString(source),
                    Source.class), "reads back: " + stats);
        }
        assertEquals(List.of("maps", "writes", "proofs"), List.copyOf(WATCH.named().keySet()).subList(0, 3));
        assertEquals(1L, WATCH.named().get("classesSkipped"));
        assertFalse(WATCH.named().containsKey("holdsExpired"), "a diagnostic counter at 0 is left out");
    }

    private static String compact(SourceStats stats) throws Exception {
        return ReportJson.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(stats);
    }

    @Test
    void theDocumentHasTheStableShape() throws Exception {
        Finding f = new Finding("F1", FindingKind.CONCURRENT_WRITERS, Severity.CANDIDATE, "t",
                MapRef.ofType("java.util.HashMap"), List.of("a.B.c(B.java:1)"), List.of(Stacks.thread(1)),
                List.of(new Evidence.CoSampled("a.B.c(B.java:1)", Stacks.thread(1), Stacks.thread(2), 3, Stacks.T0,
                        Stacks.T0)), "why", "fix");
        Report r = new Report(Report.SCHEMA, "maprace test", new Source("recording", List.of("x.jfr"), Stacks.T0,
                null, RECORDING), List.of(f), ContentionGraph.EMPTY, List.of());
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

    /**
     * A watch with both sources nests each one's counters under its name, reads back to the same record, and says
     * of every piece of evidence whether it was sampled or proven.
     */
    @Test
    void aWatchWithBothSourcesKeepsEachOnesCountersAndMarksItsEvidence() throws Exception {
        JfrWatchStats jfr = JfrWatchStats.of("maprace-1", "duration", 3000, 99,
                new SampleCounts(5, 2, 20, 0, 0, 0, 0, 0, 0, 0));
        CombinedWatchStats both = new CombinedWatchStats(jfr, WATCH, List.of("a.B#m: sampled writing by several"
                + " threads (flight recording) at a.B.c(B.java:1)"));
        assertEquals(List.of("sampled", "proven", "steered"), List.copyOf(both.named().keySet()));
        assertTrue(compact(both).startsWith("{\"sampled\":{\"recording\":\"maprace-1\",\"ended\":\"duration\""),
                compact(both));
        Evidence.ObservedWrite write = new Evidence.ObservedWrite(Stacks.thread(1), Stacks.T0, "Map.put",
                List.of("a.B.c(B.java:1)"), List.of());
        Finding f = new Finding("F1", FindingKind.UNSAFE_WRITES, Severity.PROVEN, "t", MapRef.ofType("HashMap"),
                List.of("a.B.c(B.java:1)"), List.of(Stacks.thread(1), Stacks.thread(2)),
                List.of(new Evidence.Overlap(write, write, 10), write, new Evidence.CoSampled("a.B.c(B.java:1)",
                        Stacks.thread(1), Stacks.thread(2), 3, Stacks.T0, Stacks.T0)), "why", "fix");
        Report r = new Report(Report.SCHEMA, "maprace test", new Source("watch-both", List.of("pid 1"), Stacks.T0,
                null, both), List.of(f), ContentionGraph.EMPTY, List.of());
        String json = ReportJson.mapper().writeValueAsString(r);
        JsonNode evidence = ReportJson.mapper().readTree(json).get("findings").get(0).get("evidence");
        assertEquals(List.of("proven", "proven", "sampled"), List.of(evidence.get(0).get("basis").asText(),
                evidence.get(1).get("basis").asText(), evidence.get(2).get("basis").asText()));
        assertEquals(r, ReportJson.mapper().readValue(json, Report.class), "reads back to the same report");
    }

    @Test
    void warningsKeepTheirCodeAndMessageOnlyAndCarryTheirExitCode() throws Exception {
        Report r = new Report(Report.SCHEMA, "maprace test", new Source("scan", List.of("pid 1"), Stacks.T0, null,
                SCAN), List.of(), ContentionGraph.EMPTY, List.of(WarningCode.TIME_BUDGET_EXCEEDED.warning("cut"),
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
