package io.maprace.probe.watch;

import io.maprace.findings.WatchStats;
import com.sun.jdi.VirtualMachine;

import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.findings.Severity;
import io.maprace.rules.WatchReport;
import io.maprace.graph.ContentionGraph;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Watch behaviours beyond one sample's verdict: observing without holds, no --map, a target that exits, lock waits. */
class WatchEndToEndTest {

    static final Catalog.Sample FACTORY = Catalog.require("factory-cache");
    static final String FACTORY_MAP = FACTORY.mapPath().orElseThrow();

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

    static TargetProcess factory(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--threads", "3", "--seconds", "120"));
        args.addAll(List.of(extra));
        return TargetProcess.start(Class.forName(FACTORY.mainClass()), args.toArray(String[]::new));
    }

    @Test
    void withoutHoldsUnprotectedWritersAreLikely() throws Exception {
        try (TargetProcess target = factory()) {
            WatchOptions o = options(target, List.of(FACTORY_MAP), Duration.ofSeconds(3));
            o = new WatchOptions(o.target(), o.maps(), o.budget(), o.duration(), false, Duration.ZERO, 32, true);
            Report report = watch(target, o);
            // The race may have broken the map already: the integrity check then adds a corrupted-map finding.
            List<io.maprace.findings.Finding> races = report.findings().stream()
                    .filter(f -> f.kind() != io.maprace.findings.FindingKind.CORRUPTED_MAP).toList();
            assertEquals(1, races.size(), report.findings()::toString);
            assertEquals(Severity.LIKELY, races.get(0).severity());
            assertEquals(0L, ((WatchStats) report.source().stats()).holds());
        }
    }

    @Test
    void withoutMapFindsTheApplicationsMaps() throws Exception {
        try (TargetProcess target = factory()) {
            Report report = watch(target, options(target, List.of(), Duration.ofSeconds(8)));
            assertTrue(report.findings().stream().anyMatch(f -> f.severity() == Severity.PROVEN
                    && f.map().label().equals("io.maprace.samples.singleton.Factory#cache")),
                    () -> report.findings().toString());
        }
    }

    @Test
    void targetThatExitsGivesTheReportSoFar() throws Exception {
        try (TargetProcess target = factory("--seconds", "3")) {
            Report report = watch(target, options(target, List.of(FACTORY_MAP), Duration.ofSeconds(30)));
            assertTrue(report.warnings().stream().anyMatch(w -> w.code().equals("target-exited")),
                    report.warnings().toString());
            assertTrue(((WatchStats) report.source().stats()).durationMillis() < 20_000);
            assertTrue(((WatchStats) report.source().stats()).writes() > 0);
        }
    }

    @Test
    void monitorWaitsBecomeBlocksEdges() throws Exception {
        Catalog.Sample locked = Catalog.require("common-lock-writers");
        try (TargetProcess target = SampleWatchTest.start(locked)) {
            Report r = watch(target, options(target, List.of(locked.mapPath().orElseThrow()), Duration.ofSeconds(3)));
            assertEquals(List.of(), r.findings());
            assertTrue(r.graph().edges().stream().anyMatch(e -> e.kind() == ContentionGraph.Kind.BLOCKS),
                    r.graph().toString());
        }
    }
}
