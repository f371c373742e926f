package io.maprace.probe.watch;

import com.sun.jdi.VirtualMachine;
import io.maprace.findings.Report;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.samples.corrupt.CyclicBin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A watch that sees no write says which threads were running inside map code when it ended: here two threads spin
 * forever in a HashMap bin made a cycle, as wro4j's injector left its writers (its issue 740), where no write was
 * left to catch. Reading their stacks leaves none of the target's threads suspended.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadsInMapsTest {

    private static boolean bothSpinning(String line) {
        return line.startsWith("progress") && line.contains("spinning=2");
    }

    @Test
    void aWatchThatSeesNoWriteNamesTheThreadsSpinningInAMap() throws Exception {
        try (TargetProcess target = TargetProcess.startWithTestClasspath(CyclicBin.class, "--seconds", "60",
                "--threads", "2")) {
            assertNotNull(target.awaitLine("progress", 10_000), target.lines()::toString);
            int port = target.port();
            Report report = WatchEndToEndTest.watch(target, WatchEndToEndTest.options(target,
                    List.of(CyclicBin.class.getName() + ".MAP"), Duration.ofSeconds(2)));
            Warning noWrites = report.warnings().stream().filter(w -> w.type() == WarningCode.NO_WRITES).findFirst()
                    .orElseThrow(() -> new AssertionError("no no-writes warning: " + report.warnings()));
            assertTrue(noWrites.message().contains("2 threads were running inside map code "
                    + "(java.util.HashMap.getNode: bin-spinner-1, bin-spinner-2)"), noWrites.message());
            assertTrue(noWrites.message().contains("`maprace stuck`"), noWrites.message());

            // the spinners spin on, and a new debugger finds no thread left suspended
            int seen = target.lines().size();
            int newPort = target.awaitNewPort(port, 10_000);
            assertTrue(newPort > 0, "the JDWP agent did not listen again");
            VirtualMachine vm = TargetProcess.attach(newPort);
            try {
                TargetProcess.assertNoThreadSuspended(vm);
            } finally {
                vm.dispose();
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<String> after = List.of();
            while (after.stream().noneMatch(ThreadsInMapsTest::bothSpinning) && System.nanoTime() < until) {
                Thread.sleep(100);
                List<String> all = target.lines();
                after = List.copyOf(all.subList(seen, all.size()));
            }
            assertTrue(after.stream().anyMatch(ThreadsInMapsTest::bothSpinning), "the spinners stopped: " + after);
        }
    }
}
