package io.maprace.probe.watch;

import io.maprace.findings.WatchChoice;
import io.maprace.findings.WatchChoice.Why;
import io.maprace.model.MapApi;
import io.maprace.model.WatchResult;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.RankingTarget;
import io.maprace.progress.Progress;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What watch chooses without --map, on a target holding each kind of candidate, and what its report says of it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchTargetsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String APP = RankingTarget.class.getName();

    private static ChildJvm target;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(ChildJvm.OPENS);
        args.add(ChildJvm.JDWP);
        target = ChildJvm.start(ChildJvm.currentJavaHome(), args, io.maprace.probe.testapp.CorruptedMapsTarget
                .classpath(), APP);
        target.awaitLine("ready pid=", WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    private static List<String> maps(WatchTargets.Ranked r) {
        return r.chosen().stream().map(WatchChoice::map).toList();
    }

    @Test
    void corruptedFirstThenWrittenThenSharedPerInstanceFieldsAndNoJdkStateUnlessAsked() {
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
            WatchTargets.Ranked r = WatchTargets.rank(session, 200, false, Progress.NONE);
            List<String> maps = maps(r);
            assertEquals(r.specs().size(), r.chosen().size());

            WatchChoice first = r.chosen().get(0);
            assertEquals(APP + "$Damaged.MAP", first.map(), maps::toString);
            assertEquals(Why.CORRUPTED, first.why());

            int racy = maps.indexOf(APP + "$Racy.CACHE");
            int quiet = maps.indexOf(APP + "$Quiet.TABLE");
            assertTrue(racy > 0 && quiet > racy, maps::toString);
            assertEquals(Why.SHARED_WRITTEN, r.chosen().get(racy).why());
            assertEquals(Why.SHARED, r.chosen().get(quiet).why());

            String perInstance = APP + ".SESSIONS[*].attrs";
            int p = maps.indexOf(perInstance);
            assertTrue(p > 0, maps::toString);
            assertEquals(Why.PER_INSTANCE, r.chosen().get(p).why());
            assertEquals(6, r.chosen().get(p).instances());
            assertTrue(r.specs().get(p) instanceof MapSpec.Path path && path.everyElement(),
                    r.specs().get(p)::toString);
            assertEquals(1, maps.stream().filter(m -> m.contains("attrs")).count(), "one spec for the field: " + maps);

            assertTrue(maps.stream().noneMatch(MapApi::isJdkClass), maps::toString);

            // The report says what was watched and why.
            WatchOptions options = WatchOptions.of(session.description(), List.of(), 0.05, Duration.ofSeconds(2))
                    .withChosen(r.specs(), r.chosen());
            WatchResult result;
            try (WatchSession watch = session.watch(options, Clock.systemUTC(), WatchListener.NONE)) {
                result = watch.run();
            }
            assertEquals(r.chosen().stream().map(io.maprace.findings.WatchChoice::line).toList(), result.stats().watchedBecause());
            List<String> fields = result.stats().fields();
            assertTrue(fields.stream().anyMatch(f -> f.contains("attrs")), fields::toString);
            assertFalse(r.chosen().get(0).line().isBlank());
        }
    }
}
