package io.maprace.probe.scan;

import io.maprace.heap.ScanOptions;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A target that exits in the middle of a scan: one clear problem, no hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScanTargetExitTest {

    @Test
    void theTargetExitsMidScan() throws Exception {
        List<String> args = new ArrayList<>(ChildJvm.OPENS);
        args.add(ChildJvm.JDWP);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (ChildJvm target = ChildJvm.start(ChildJvm.currentJavaHome(), args, CorruptedMapsTarget.classpath(), CorruptedMapsTarget.class.getName(),
                "--maps", "300000")) {
            target.awaitLine("ready pid=", Duration.ofSeconds(20));
            CountDownLatch walking = new CountDownLatch(1);
            Progress progress = new Progress() {
                @Override
                public void phase(String name, long total) {
                    if (name.startsWith("walking")) {
                        walking.countDown();
                    }
                }

                @Override
                public void advance(long done) {
                }

                @Override
                public void note(String line) {
                }
            };
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), Duration.ofSeconds(20),
                    Progress.NONE)) {
                Future<ScanResult> scan = runner.submit(() -> session.scan(
                        ScanOptions.defaults().withTimeout(Duration.ofMinutes(2)), progress));
                assertTrue(walking.await(30, TimeUnit.SECONDS));
                target.kill();
                ExecutionException e = assertThrows(ExecutionException.class, () -> scan.get(30, TimeUnit.SECONDS));
                MapraceException problem = assertInstanceOf(MapraceException.class, e.getCause());
                assertEquals(Problem.TARGET_EXITED, problem.problem());
                assertTrue(problem.getMessage().contains("exited"), problem.getMessage());
            }
        } finally {
            runner.shutdownNow();
        }
    }
}
