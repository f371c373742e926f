package io.maprace.rules;

import io.maprace.events.ThreadRef;
import io.maprace.events.WatchedMap;
import io.maprace.events.WriteEvent;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.HeldLock;
import io.maprace.findings.MapVerdict;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.findings.Severity;
import io.maprace.findings.WatchStats;
import io.maprace.graph.ContentionGraph;
import io.maprace.model.MapHistory;
import io.maprace.model.WatchResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts and findings from synthetic writes: lockset, interleaving, proof, grouping, advice. */
class VerdictTest {

    private static final ThreadRef T1 = new ThreadRef(21, "worker-1");
    private static final ThreadRef T2 = new ThreadRef(22, "worker-2");
    private static final WatchedMap.MapTraits PLAIN = new WatchedMap.MapTraits("java.util.HashMap", false, false,
            false, false, false);
    private static final WatchedMap CACHE = new WatchedMap(7, "java.util.HashMap", "com.foo.Factory", "cache",
            "com.foo.Factory.DEFAULT.cache", PLAIN);
    private static final HeldLock MONITOR = new HeldLock("java.lang.Object", "91", HeldLock.Mode.MONITOR);
    private static final HeldLock READ = new HeldLock("java.util.concurrent.locks.ReentrantReadWriteLock", "93",
            HeldLock.Mode.SHARED);
    private static final HeldLock WRITE = new HeldLock("java.util.concurrent.locks.ReentrantReadWriteLock", "93",
            HeldLock.Mode.EXCLUSIVE);

    private int clock;

    private WriteEvent write(WatchedMap map, ThreadRef t, String op, HeldLock... locks) {
        return new WriteEvent(map, t, Instant.ofEpochSecond(1000, clock++), "com.foo.Factory.get(Factory.java:31)",
                op, List.of("com.foo.Factory.get(Factory.java:31)"), List.of(locks));
    }

    private MapHistory history(WatchedMap map, WriteEvent... writes) {
        MapHistory h = new MapHistory(map);
        for (WriteEvent w : writes) {
            h.record(w);
        }
        return h;
    }

    @Test
    void interleavedWritersWithoutALockAreLikely() {
        MapHistory h = history(CACHE, write(CACHE, T1, "HashMap.put"), write(CACHE, T2, "HashMap.put"),
                write(CACHE, T1, "HashMap.put"));
        assertEquals(Severity.LIKELY, Verdict.of(h).severity());
    }

    @Test
    void oneWriterIsSafe() {
        MapHistory h = history(CACHE, write(CACHE, T1, "HashMap.put"), write(CACHE, T1, "HashMap.put"));
        assertNull(Verdict.of(h).severity());
        assertTrue(Verdict.of(h).reason().startsWith("one writer thread"));
    }

    @Test
    void commonMonitorIsSafe() {
        MapHistory h = history(CACHE, write(CACHE, T1, "HashMap.put", MONITOR), write(CACHE, T2, "HashMap.put",
                MONITOR), write(CACHE, T1, "HashMap.put", MONITOR));
        assertNull(Verdict.of(h).severity());
        assertTrue(Verdict.of(h).reason().contains("monitor java.lang.Object@91"), Verdict.of(h).reason());
    }

    @Test
    void writeLockIsSafeButReadLockProtectsNothing() {
        assertNull(Verdict.of(history(CACHE, write(CACHE, T1, "HashMap.put", WRITE),
                write(CACHE, T2, "HashMap.put", WRITE), write(CACHE, T1, "HashMap.put", WRITE))).severity());
        assertEquals(Severity.LIKELY, Verdict.of(history(CACHE, write(CACHE, T1, "HashMap.put", READ),
                write(CACHE, T2, "HashMap.put", READ), write(CACHE, T1, "HashMap.put", READ))).severity());
    }

    @Test
    void oneUnlockedWriteBreaksTheLockset() {
        MapHistory h = history(CACHE, write(CACHE, T1, "HashMap.put", MONITOR), write(CACHE, T2, "HashMap.put"),
                write(CACHE, T1, "HashMap.put", MONITOR));
        assertEquals(Severity.LIKELY, Verdict.of(h).severity());
    }

    @Test
    void handOverIsNotInterleaving() {
        MapHistory h = history(CACHE, write(CACHE, T1, "HashMap.put"), write(CACHE, T1, "HashMap.put"),
                write(CACHE, T2, "HashMap.put"), write(CACHE, T2, "HashMap.put"));
        assertNull(Verdict.of(h).severity());
    }

    @Test
    void overlapIsProof() {
        WriteEvent held = write(CACHE, T1, "HashMap.put");
        WriteEvent entered = write(CACHE, T2, "HashMap.put");
        MapHistory h = history(CACHE, held, entered);
        h.overlap(new Evidence.Overlap(held.evidence(), entered.evidence(), 1500));
        assertEquals(Severity.PROVEN, Verdict.of(h).severity());
    }

    @Test
    void findingsAndGraph() throws Exception {
        WriteEvent held = write(CACHE, T1, "HashMap.put");
        WriteEvent entered = write(CACHE, T2, "HashMap.put");
        MapHistory racy = history(CACHE, held, entered, write(CACHE, T1, "HashMap.put"));
        racy.overlap(new Evidence.Overlap(held.evidence(), entered.evidence(), 1500));
        WatchedMap locked = new WatchedMap(8, "java.util.HashMap", "com.foo.Registry", "byName",
                "com.foo.Registry.INSTANCE.byName", PLAIN);
        MapHistory safe = history(locked, write(locked, T1, "HashMap.put", MONITOR),
                write(locked, T2, "HashMap.put", MONITOR), write(locked, T1, "HashMap.put", MONITOR));
        WatchResult result = new WatchResult("127.0.0.1:5005", Instant.ofEpochSecond(1000),
                Instant.ofEpochSecond(1030), List.of(racy, safe), List.of(), hits(6), List.of());
        Report report = WatchReport.of(result, "maprace test");
        assertEquals(1, report.findings().size());
        Finding f = report.findings().get(0);
        assertEquals("F1", f.id());
        assertEquals(FindingKind.UNSAFE_WRITES, f.kind());
        assertEquals(Severity.PROVEN, f.severity());
        assertEquals("com.foo.Factory.DEFAULT.cache", f.map().path());
        assertEquals(List.of(T1, T2), f.threads());
        assertTrue(f.advice().contains("computeIfAbsent"), f.advice());
        ContentionGraph.Edge edge = report.graph().edges().get(0);
        assertEquals(ContentionGraph.Kind.RACE, edge.kind());
        assertEquals(Severity.PROVEN, edge.severity());
        String json = ReportJson.mapper().writeValueAsString(report);
        assertTrue(json.contains("com.foo.Registry.INSTANCE.byName (HashMap): 3 writes by 2 threads: safe, every write"
                + " held monitor java.lang.Object@91"), json);
        Report back = ReportJson.mapper().readValue(json, Report.class);
        assertEquals(report, back, "reads back to the same report, the map verdicts too");
        List<MapVerdict> verdicts = ((WatchStats) report.source().stats()).mapVerdicts();
        assertEquals(2, verdicts.size());
        assertEquals(Severity.PROVEN, verdicts.get(0).severity());
        assertTrue(verdicts.get(1).safe());
        assertEquals(3, verdicts.get(1).writes());
        assertEquals("every write held monitor java.lang.Object@91", verdicts.get(1).reason());
    }

    @Test
    void instancesOfOneFieldAreReportedTogether() {
        WatchedMap.MapTraits set = new WatchedMap.MapTraits("java.util.HashSet", false, false, true, false, false);
        WatchedMap a = new WatchedMap(1, "java.util.HashSet", "com.foo.Ctx", "inProgress", null, set);
        WatchedMap b = new WatchedMap(2, "java.util.HashSet", "com.foo.Ctx", "inProgress", null, set);
        MapHistory ha = history(a, write(a, T1, "HashSet.add"), write(a, T2, "HashSet.add"),
                write(a, T1, "HashSet.remove"), write(a, T2, "HashSet.remove"));
        MapHistory hb = history(b, write(b, T1, "HashSet.add"), write(b, T1, "HashSet.remove"));
        List<Finding> findings = WatchFindings.build(List.of(ha, hb));
        assertEquals(1, findings.size());
        assertEquals("com.foo.Ctx#inProgress", findings.get(0).map().label());
        assertTrue(findings.get(0).title().contains("(1 of 2 instances)"), findings.get(0).title());
        assertTrue(findings.get(0).advice().contains("Confine the state"), findings.get(0).advice());
    }

    @Test
    void adviceFollowsTheShape() {
        WatchedMap lru = new WatchedMap(3, "com.foo.Lru$1", "com.foo.Lru", "map", null,
                new WatchedMap.MapTraits("java.util.LinkedHashMap", true, false, false, false, false));
        MapHistory h = history(lru, write(lru, T1, "Lru$1.get (access order)", READ),
                write(lru, T2, "Lru$1.get (access order)", READ), write(lru, T1, "Lru$1.get (access order)", READ));
        String advice = WatchFindings.build(List.of(h)).get(0).advice();
        assertTrue(advice.contains("Lock both get() and put()"), advice);

        WatchedMap weak = new WatchedMap(4, "java.util.WeakHashMap", "com.foo.Methods", "CACHE",
                "com.foo.Methods.CACHE", new WatchedMap.MapTraits("java.util.WeakHashMap", false, true, false,
                false, false));
        h = history(weak, write(weak, T1, "WeakHashMap.get (expunging)"), write(weak, T2, "WeakHashMap.put"),
                write(weak, T1, "WeakHashMap.put"));
        assertTrue(WatchFindings.build(List.of(h)).get(0).advice().contains("ClassValue"));
    }

    /** A watch's counters that say only how many hits it had. */
    static WatchStats hits(long hits) {
        return new WatchStats(0, 0, 0, null, 30_000, 0, 1, 5, 0, 0, null, null, 0, null, 0, 0, hits, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), 0, List.of(), List.of());
    }
}
