package io.maprace.probe.watch;

import com.sun.jdi.VirtualMachine;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.HeldLock;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.findings.Severity;
import io.maprace.probe.watch.targets.FactoryCacheRace;
import io.maprace.probe.watch.targets.HiddenInnerMapRace;
import io.maprace.probe.watch.targets.InProgressSetRace;
import io.maprace.probe.watch.targets.ReadLockedLruRace;
import io.maprace.probe.watch.targets.RegistryInnerMapsRace;
import io.maprace.probe.watch.targets.Twins;
import io.maprace.probe.watch.targets.WeakKeyCacheRace;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shape runs as a child JVM with JDWP; the watch must prove the race (right map, sites, threads), and clear
 * every correct twin after seeing its writes.
 */
class WatchEndToEndTest {

    private static final String T = "io.maprace.probe.watch.targets.";

    static Report watch(TargetProcess target, WatchOptions options) throws Exception {
        VirtualMachine vm = target.attach();
        try (WatchSession session = new WatchSession(vm, options, Clock.systemUTC(), WatchListener.NONE)) {
            Report report = WatchReport.of(session.run(), "maprace test");
            System.out.println(ReportJson.mapper().writeValueAsString(report));
            return report;
        } finally {
            try {
                vm.dispose();
            } catch (com.sun.jdi.VMDisconnectedException e) {
                // the target exited during the watch
            }
        }
    }

    static WatchOptions options(TargetProcess target, List<String> maps, Duration duration) {
        return WatchOptions.of("127.0.0.1:" + target.port(), maps.stream().map(MapSpec::parse).toList(),
                WatchOptions.DEFAULT_BUDGET, duration);
    }

    private static Finding proven(Class<?> main, String map) throws Exception {
        try (TargetProcess target = TargetProcess.start(main)) {
            Report report = watch(target, options(target, List.of(map), Duration.ofSeconds(10)).withStopOnProof(true));
            assertEquals(1, report.findings().size(), () -> "findings: " + report.findings());
            Finding f = report.findings().get(0);
            assertEquals(FindingKind.UNSAFE_WRITES, f.kind());
            assertEquals(Severity.PROVEN, f.severity());
            Evidence.Overlap overlap = f.evidence().stream().filter(e -> e instanceof Evidence.Overlap)
                    .map(e -> (Evidence.Overlap) e).findFirst().orElseThrow();
            assertFalse(overlap.held().thread().equals(overlap.entered().thread()));
            assertFalse(overlap.held().stack().isEmpty());
            assertFalse(overlap.entered().stack().isEmpty());
            assertTrue(f.threads().size() >= 2);
            assertTrue(f.threads().stream().map(ThreadRef::name).allMatch(n -> n.matches("[a-z]+-worker-\\d|validator-\\d")),
                    f.threads().toString());
            assertTrue(((Number) report.source().stats().get("firstProofMillis")).longValue() < 10_000);
            return f;
        }
    }

    @Test
    void singletonCache() throws Exception {
        Finding f = proven(FactoryCacheRace.class, T + "FactoryCacheRace.Factory.DEFAULT.cache");
        assertEquals(T + "FactoryCacheRace.Factory.DEFAULT.cache", f.map().path());
        assertEquals("java.util.HashMap", f.map().type());
        assertTrue(f.sites().stream().allMatch(s -> s.startsWith(T + "FactoryCacheRace$Factory.")), f.sites().toString());
        assertTrue(f.advice().contains("computeIfAbsent"), f.advice());
    }

    @Test
    void lruGetUnderReadLock() throws Exception {
        Finding f = proven(ReadLockedLruRace.class, T + "ReadLockedLruRace.QUOTES.map");
        assertTrue(f.sites().contains(T + "ReadLockedLruRace$Lru.get(ReadLockedLruRace.java:31)"), f.sites().toString());
        Evidence.ObservedWrite hiddenWrite = f.evidence().stream()
                .filter(e -> e instanceof Evidence.ObservedWrite w && w.operation().contains("get [access order]"))
                .map(e -> (Evidence.ObservedWrite) e).findFirst().orElseThrow();
        assertTrue(hiddenWrite.locks().stream().anyMatch(l -> l.mode() == HeldLock.Mode.SHARED),
                hiddenWrite.locks().toString());
        assertTrue(f.advice().contains("Lock both get() and put()"), f.advice());
    }

    @Test
    void weakKeyedStaticCache() throws Exception {
        Finding f = proven(WeakKeyCacheRace.class, T + "WeakKeyCacheRace.CACHE");
        assertEquals("java.util.WeakHashMap", f.map().type());
        assertTrue(f.advice().contains("ClassValue"), f.advice());
    }

    @Test
    void innerMapsOfARegistryButNotTheRegistry() throws Exception {
        Finding f = proven(RegistryInnerMapsRace.class, T + "RegistryInnerMapsRace$Entry#cache");
        assertEquals(T + "RegistryInnerMapsRace$Entry#cache", f.map().label());
        try (TargetProcess target = TargetProcess.start(RegistryInnerMapsRace.class)) {
            Report report = watch(target, options(target,
                    List.of(T + "RegistryInnerMapsRace.Registry.INSTANCE.entries"), Duration.ofSeconds(3)));
            assertEquals(List.of(), report.findings());
            assertSafe(report, "every write held monitor " + T + "RegistryInnerMapsRace$Registry@");
        }
    }

    @Test
    void perCallStateInASharedSet() throws Exception {
        Finding f = proven(InProgressSetRace.class, T + "InProgressSetRace.Context.SHARED.inProgress");
        assertEquals("java.util.HashSet", f.map().type());
        assertTrue(f.advice().contains("Confine the state"), f.advice());
    }

    @Test
    void hashMapHiddenInACustomMap() throws Exception {
        Finding f = proven(HiddenInnerMapRace.class, T + "HiddenInnerMapRace$IdentityMap#map");
        assertTrue(f.sites().stream().anyMatch(s -> s.contains("HiddenInnerMapRace$IdentityMap.put")), f.sites().toString());
        assertTrue(f.advice().contains("thread-safe"), f.advice());
    }

    @Test
    void withoutHoldsUnprotectedWritersAreLikely() throws Exception {
        try (TargetProcess target = TargetProcess.start(FactoryCacheRace.class)) {
            WatchOptions o = options(target, List.of(T + "FactoryCacheRace.Factory.DEFAULT.cache"), Duration.ofSeconds(3));
            o = new WatchOptions(o.target(), o.maps(), o.budget(), o.duration(), false, Duration.ZERO, 32, true);
            Report report = watch(target, o);
            assertEquals(1, report.findings().size());
            assertEquals(Severity.LIKELY, report.findings().get(0).severity());
            assertEquals(0L, ((Number) report.source().stats().get("holds")).longValue());
        }
    }

    @Test
    void withoutMapFindsTheApplicationsMaps() throws Exception {
        try (TargetProcess target = TargetProcess.start(FactoryCacheRace.class)) {
            Report report = watch(target, options(target, List.of(), Duration.ofSeconds(10)).withStopOnProof(true));
            assertEquals(1, report.findings().size());
            assertEquals(Severity.PROVEN, report.findings().get(0).severity());
            assertEquals(T + "FactoryCacheRace$Factory#cache", report.findings().get(0).map().label());
        }
    }

    /** The one watched map was written (more than once) and found safe, for the given reason. */
    private static void assertSafe(Report report, String reason) {
        @SuppressWarnings("unchecked")
        List<String> verdicts = (List<String>) report.source().stats().get("mapVerdicts");
        assertEquals(1, verdicts.size(), verdicts.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(": ([\\d,]+) writes? by \\d+ threads?: safe, (.*)")
                .matcher(verdicts.get(0));
        assertTrue(m.find(), verdicts.get(0));
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 1, "too few writes seen: " + verdicts);
        assertTrue(m.group(2).startsWith(reason), verdicts.get(0));
    }

    private static Report twin(String twin, String map) throws Exception {
        try (TargetProcess target = TargetProcess.start(Twins.class, twin)) {
            return watch(target, options(target, List.of(map), Duration.ofSeconds(3)));
        }
    }

    @Test
    void writesUnderOneMonitor() throws Exception {
        Report r = twin("common-lock", T + "Twins.CommonLock.MAP");
        assertEquals(List.of(), r.findings());
        assertSafe(r, "every write held monitor java.lang.Object@");
    }

    @Test
    void getAndPutUnderTheWriteLock() throws Exception {
        Report r = twin("write-lock", T + "Twins.WriteLocked.INSTANCE.map");
        assertEquals(List.of(), r.findings());
        assertSafe(r, "every write held lock java.util.concurrent.locks.ReentrantReadWriteLock@");
    }

    @Test
    void oneWriterThread() throws Exception {
        Report r = twin("single-writer", T + "Twins.SingleWriter.MAP");
        assertEquals(List.of(), r.findings());
        assertSafe(r, "one writer thread (the-writer");
    }

    @Test
    void threadSafeMapsAreNotWatched() throws Exception {
        for (String[] t : new String[][]{{"synchronized-wrapper", "SynchronizedWrapper"}, {"concurrent", "Concurrent"}}) {
            Report r = twin(t[0], T + "Twins." + t[1] + ".MAP");
            assertEquals(List.of(), r.findings());
            assertTrue(r.warnings().stream().anyMatch(w -> w.code().equals("thread-safe-map")), r.warnings().toString());
            assertEquals(0L, ((Number) r.source().stats().get("hits")).longValue());
        }
    }

    @Test
    void targetThatExitsGivesTheReportSoFar() throws Exception {
        try (TargetProcess target = TargetProcess.start(FactoryCacheRace.class, "--seconds", "3")) {
            Report report = watch(target, options(target, List.of(T + "FactoryCacheRace.Factory.DEFAULT.cache"),
                    Duration.ofSeconds(30)));
            assertTrue(report.warnings().stream().anyMatch(w -> w.code().equals("target-exited")),
                    report.warnings().toString());
            assertTrue(((Number) report.source().stats().get("durationMillis")).longValue() < 20_000);
            assertTrue(((Number) report.source().stats().get("writes")).longValue() > 0);
        }
    }

    @Test
    void monitorWaitsBecomeBlocksEdges() throws Exception {
        Report r = twin("common-lock", T + "Twins.CommonLock.MAP");
        assertTrue(r.graph().edges().stream().anyMatch(e -> e.kind() == io.maprace.graph.ContentionGraph.Kind.BLOCKS
                && e.lock().equals("java.lang.Object")), r.graph().toString());
    }
}
