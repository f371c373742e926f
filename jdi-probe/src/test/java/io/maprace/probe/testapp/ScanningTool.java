package io.maprace.probe.testapp;

import io.maprace.progress.Progress;
import io.maprace.heap.ScanOptions;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The tool side of the kill tests, as its own process: {@code scan <pid>} attaches and scans, printing each phase
 * on stdout; {@code hold <pid>} attaches, suspends every thread of the target and waits. The test kills it with
 * SIGKILL at those points, where no close() or shutdown hook can run.
 */
public final class ScanningTool {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        TargetSpec target = TargetSpec.parse(args[1]);
        AttachedVm session = Attacher.attach(target, Duration.ofSeconds(20), Progress.NONE);
        if (mode.equals("hold")) {
            session.suspendAll(Duration.ofMinutes(10));
            System.out.println("holding");
            System.out.flush();
            new CountDownLatch(1).await();
        }
        session.scan(ScanOptions.defaults().withTimeout(Duration.ofMinutes(5)).withLimit(Long.MAX_VALUE),
                new Progress() {
                    @Override
                    public void phase(String name, long total) {
                        System.out.println("phase " + name);
                        System.out.flush();
                    }

                    @Override
                    public void advance(long done) {
                    }

                    @Override
                    public void note(String line) {
                    }
                });
        System.out.println("done");
        session.close();
    }
}
