package io.maprace.rules;

import io.maprace.events.ThreadRef;
import io.maprace.events.WatchedMap;
import io.maprace.events.WriteEvent;
import io.maprace.findings.CombinedWatchStats;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.JfrWatchStats;
import io.maprace.findings.MapRef;
import io.maprace.findings.Report;
import io.maprace.findings.SampleCounts;
import io.maprace.findings.Severity;
import io.maprace.findings.Timeline;
import io.maprace.graph.ContentionGraph;
import io.maprace.model.MapHistory;
import io.maprace.model.WatchResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One report from a recording and breakpoints: the recording's finding at a site the breakpoints proved joins
 * their finding, with both kinds of evidence told apart; what only the recording saw stays its own finding; ids
 * are numbered again everywhere they are named.
 */
class CombinedWatchReportTest {

    private static final ThreadRef T1 = new ThreadRef(21, "worker-1");
    private static final ThreadRef T2 = new ThreadRef(22, "worker-2");
    private static final ThreadRef T3 = new ThreadRef(23, "worker-3");
    private static final String SITE = "com.foo.Factory.get(Factory.java:31)";
    private static final String OTHER = "com.foo.Other.run(Other.java:9)";
    private static final Instant T0 = Instant.ofEpochSecond(1000);
    private static final WatchedMap CACHE = new WatchedMap(7, "java.util.HashMap", "com.foo.Factory", "cache",
            "com.foo.Factory.DEFAULT.cache", new WatchedMap.MapTraits("java.util.HashMap", false, false, false,
            false, false));

    private int clock;

    private WriteEvent write(ThreadRef t) {
        return new WriteEvent(CACHE, t, T0.plusNanos(clock++), SITE, "HashMap.put", List.of(SITE), List.of());
    }

    private static Finding sampled(String id, Severity severity, String site, ThreadRef a, ThreadRef b) {
        return new Finding(id, FindingKind.CONCURRENT_WRITERS, severity, "sampled at " + site,
                MapRef.ofType("java.util.HashMap"), List.of(site), List.of(a, b),
                List.of(new Evidence.CoSampled(site, a, b, 3, T0, T0.plusSeconds(1))), "why", "fix");
    }

    @Test
    void theRecordingsFindingJoinsTheProofAtItsSiteAndTheRestStaysApart() {
        WriteEvent held = write(T1);
        WriteEvent entered = write(T2);
        MapHistory racy = new MapHistory(CACHE);
        for (WriteEvent w : List.of(held, entered, write(T1))) {
            racy.record(w);
        }
        racy.overlap(new Evidence.Overlap(held.evidence(), entered.evidence(), 1500));
        WatchResult watch = new WatchResult("pid 1", T0, T0.plusSeconds(30), List.of(racy), List.of(),
                VerdictTest.hits(3), List.of());
        // The recording numbers its own findings F1, F2: the joined one's id must not leak into the report.
        Finding elsewhere = sampled("F1", Severity.LIKELY, OTHER, T1, T3);
        Finding atTheProof = sampled("F2", Severity.CANDIDATE, SITE, T2, T3);
        Timeline timeline = new Timeline(T0, T0.plusSeconds(30), List.of(SITE, OTHER), List.of(new Timeline.Lane(T3,
                List.of(new Timeline.Mark(Timeline.Kind.CO_SAMPLED, T0, T0, 0, 3, "F2", null),
                        new Timeline.Mark(Timeline.Kind.CO_SAMPLED, T0, T0, 1, 3, "F1", null)))));
        Analysis.Result recording = new Analysis.Result(List.of(elsewhere, atTheProof), ContentionGraph.EMPTY,
                new SampleCounts(900, 3, 10, 0, 0, 0, 0, 0, 0, 0), T0.minusSeconds(1), T0.plusSeconds(31), timeline);
        JfrWatchStats jfr = JfrWatchStats.of("maprace-1", "duration", 31_000, 5000, recording.counts());

        Report report = CombinedWatchReport.of(watch, recording, jfr, List.of(), List.of("steered"), "maprace test");

        assertEquals("watch-both", report.source().kind());
        CombinedWatchStats stats = (CombinedWatchStats) report.source().stats();
        assertEquals(900, stats.sampled().executionSamples());
        assertEquals(1, stats.proven().maps(), "the breakpoints' counters, with a verdict on the watched map");
        assertEquals(List.of("steered"), stats.steered());
        assertEquals(T0.minusSeconds(1), report.source().start());
        assertEquals(2, report.findings().size(), report.findings().toString());

        Finding joined = report.findings().get(0);
        assertEquals("F1", joined.id());
        assertEquals(FindingKind.UNSAFE_WRITES, joined.kind());
        assertEquals(Severity.PROVEN, joined.severity());
        assertEquals("com.foo.Factory.DEFAULT.cache", joined.map().label());
        assertEquals(List.of(21L, 22L, 23L), joined.threads().stream().map(ThreadRef::id).toList());
        assertTrue(joined.evidence().stream().anyMatch(e -> e instanceof Evidence.Overlap
                && e.basis() == Evidence.Basis.PROVEN));
        assertTrue(joined.evidence().stream().anyMatch(e -> e instanceof Evidence.CoSampled
                && e.basis() == Evidence.Basis.SAMPLED));
        assertTrue(joined.explanation().contains("marked sampled"), joined.explanation());

        Finding alone = report.findings().get(1);
        assertEquals("F2", alone.id());
        assertEquals(List.of(OTHER), alone.sites());
        assertTrue(alone.evidence().stream().allMatch(e -> e.basis() == Evidence.Basis.SAMPLED));

        List<Timeline.Mark> marks = report.timeline().lanes().get(0).marks();
        assertEquals(List.of("F1", "F2"), marks.stream().map(Timeline.Mark::finding).toList(),
                "the timeline names the new ids");
        assertTrue(report.graph().edges().stream().allMatch(e -> e.findings().stream()
                .allMatch(id -> id.equals("F1") || id.equals("F2"))), report.graph().toString());
        assertTrue(report.graph().edges().stream().anyMatch(e -> e.findings().contains("F1")
                && e.from().equals("t21") && e.to().equals("t22")), "the proof's pair is a race edge");
    }
}
