package io.maprace.probe.scan;

import io.maprace.events.ScannedMap;
import io.maprace.heap.ScanOptions;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Severity;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.JdwpStatus;
import io.maprace.probe.target.JvmDescriptor;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JDK 24+ target (the threads' Runnable moved to {@code Thread.holder.task}; {@code onjcmd} is gone). Runs when
 * a JDK 25 is installed ({@code MAPRACE_TEST_JDK25}, or the Temurin path of the build machines).
 */
@EnabledIf("newJdkInstalled")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NewJdkTargetTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    static boolean newJdkInstalled() {
        return ChildJvm.newJdk() != null;
    }

    @Test
    void psAndScanWorkOnAJdk25Target() throws Exception {
        List<String> args = new ArrayList<>(ChildJvm.OPENS);
        args.add(ChildJvm.JDWP);
        try (ChildJvm target = ChildJvm.start(ChildJvm.newJdk(), args, CorruptedMapsTarget.classpath(), CorruptedMapsTarget.class.getName());
             ChildJvm bare = ChildJvm.start(ChildJvm.newJdk(), ChildJvm.OPENS, CorruptedMapsTarget.classpath(), CorruptedMapsTarget.class.getName())) {
            target.awaitLine("ready pid=", WAIT);
            bare.awaitLine("ready pid=", WAIT);
            JvmDescriptor d = LocalJvms.describe(target.pid(), WAIT);
            assertTrue(d.feature() >= 24, d.toString());
            assertEquals(JdwpStatus.State.LISTENING, d.jdwp().state());

            MapraceException none = assertThrows(MapraceException.class,
                    () -> Attacher.attach(new TargetSpec.Pid(bare.pid()), WAIT, Progress.NONE));
            assertEquals(Problem.NO_JDWP, none.problem());
            assertTrue(none.getMessage().contains(JdwpStatus.flagFor(25)), none.getMessage());
            assertFalse(none.getMessage().contains(",onjcmd=y"), "JDK 24+ refuses to start with onjcmd=y");

            ScanResult r;
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
                r = session.scan(ScanOptions.defaults(), Progress.NONE);
            }
            String broken = CorruptedMapsTarget.class.getName() + "$Broken.";
            for (String f : List.of("BIN_CYCLE", "WRONG_BUCKET", "TREE_BIN", "LRU_LOOP", "WEAK_LEAK", "TREE_LOOP")) {
                assertTrue(r.maps().stream().anyMatch(m -> m.map().path().equals(broken + f)
                        && m.damage() == Severity.PROVEN), () -> f + " not proven: " + r.maps());
            }
            assertTrue(r.maps().stream().anyMatch(m -> m.map().path().startsWith("Thread[ctx-worker-1].task.")),
                    "JDK 19+ keeps a thread's Runnable in Thread.holder.task");
            assertEquals(11, r.maps().stream().filter(ScannedMap::corrupted).count());
        }
    }
}
