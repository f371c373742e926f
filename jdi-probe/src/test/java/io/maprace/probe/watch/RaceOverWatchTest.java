package io.maprace.probe.watch;

import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Report;
import io.maprace.model.WatchResult;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.RaceOverTarget;
import io.maprace.progress.Progress;
import io.maprace.rules.WatchReport;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A race that is over (the map broken in the target's first second, never written again) still shows in a watch:
 * no write is seen, and the map's integrity check reports the damage as scan does.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RaceOverWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CACHE = RaceOverTarget.class.getName() + "$Cache.MAP";

    private static ChildJvm target;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(ChildJvm.OPENS);
        args.add(ChildJvm.JDWP);
        target = ChildJvm.start(ChildJvm.currentJavaHome(), args, ChildJvm.classpath(RaceOverTarget.class),
                RaceOverTarget.class.getName());
        String ready = target.awaitLine("ready pid=", WAIT);
        assertTrue(ready.contains("damaged after"), "the target's own race left no damage: " + ready);
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    private static Report watch(AttachedVm session, List<MapSpec> maps, boolean rank) {
        WatchOptions options = WatchOptions.of(session.description(), maps, 0.05, Duration.ofSeconds(2));
        if (rank) {
            WatchTargets.Ranked r = WatchTargets.rank(session, 32, false, Progress.NONE);
            options = options.withChosen(r.specs(), r.chosen());
        }
        WatchResult result;
        try (WatchSession watch = session.watch(options, Clock.systemUTC(), WatchListener.NONE)) {
            result = watch.run();
        }
        assertEquals(0L, result.stats().writes(), "nobody writes any more");
        assertTrue(result.stats().integrityChecks() >= 1);
        return WatchReport.of(result, "maprace test");
    }

    private static void assertDamageReported(Report report) {
        List<Finding> corrupted = report.findings().stream().filter(f -> f.kind() == FindingKind.CORRUPTED_MAP)
                .toList();
        assertEquals(1, corrupted.size(), () -> report.findings() + "; stats: " + report.source().stats());
        Finding f = corrupted.get(0);
        assertEquals(CACHE, f.map().path());
        assertEquals(RaceOverTarget.class.getName() + "$Cache", f.map().owner());
        assertEquals("MAP", f.map().field());
        assertTrue(f.severity() != null, f::toString);
    }

    @Test
    void watchWithoutMapAndWatchOfTheNamedMapReportTheDamage() {
        // One debugger connection for both: the agent takes a moment to listen again after a detach.
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
            assertDamageReported(watch(session, List.of(), true));
            assertDamageReported(watch(session, List.of(MapSpec.parse(CACHE)), false));
        }
    }
}
