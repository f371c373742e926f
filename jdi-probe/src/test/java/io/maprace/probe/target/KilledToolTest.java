package io.maprace.probe.target;

import io.maprace.progress.Progress;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.probe.testapp.ScanningTool;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maprace killed with SIGKILL (no close, no shutdown hook): the target must keep running and stay attachable. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KilledToolTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ChildJvm target(String... args) throws Exception {
        List<String> jvm = new ArrayList<>(ChildJvm.OPENS);
        jvm.add(ChildJvm.JDWP);
        ChildJvm t = ChildJvm.start(ChildJvm.currentJavaHome(), jvm, CorruptedMapsTarget.classpath(), CorruptedMapsTarget.class.getName(), args);
        t.awaitLine("ready pid=", WAIT);
        return t;
    }

    @Test
    void killedInTheMiddleOfAScan() throws Exception {
        try (ChildJvm target = target("--maps", "300000")) {
            ChildJvm tool = ChildJvm.startWithTestClasspath(List.of(), ScanningTool.class.getName(), "scan",
                    Long.toString(target.pid()));
            try {
                tool.awaitLine("phase walking from", WAIT);
            } finally {
                tool.kill();
            }
            assertTrue(target.process().isAlive());
            target.awaitWorkProgress(WAIT);
            assertEquals(JdwpStatus.State.LISTENING, LiveTargetsTest.awaitListening(target.pid()).state());
            try (AttachedVm again = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
                assertTrue(again.vm().allThreads().stream().allMatch(t -> t.suspendCount() == 0));
            }
        }
    }

    @Test
    void interruptedLikeCtrlCWhileHoldingTheTarget() throws Exception {
        try (ChildJvm target = target()) {
            ChildJvm tool = ChildJvm.startWithTestClasspath(List.of(), ScanningTool.class.getName(), "hold",
                    Long.toString(target.pid()));
            try {
                tool.awaitLine("holding", WAIT);
                // What Ctrl-C sends: the tool's shutdown hook detaches, resuming the target itself.
                String signal = interruptSignal(tool.pid());
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(tool.pid())).start();
                assertEquals(0, kill.waitFor());
                assertTrue(tool.process().waitFor(20, TimeUnit.SECONDS), "the tool did not exit on SIG" + signal);
            } finally {
                tool.kill();
            }
            target.awaitWorkProgress(WAIT);
            assertEquals(JdwpStatus.State.LISTENING, LiveTargetsTest.awaitListening(target.pid()).state());
        }
    }

    /**
     * SIGINT, unless the tool was started with SIGINT ignored: a shell starts background jobs so (CI runs, `mvn
     * verify &`), the ignored disposition is inherited, and the JVM then keeps ignoring it, as a terminal's Ctrl-C
     * never reaches a background job anyway. SIGTERM takes the same path in the JVM (shutdown hooks) and is tested
     * instead.
     */
    private static String interruptSignal(long pid) {
        long ignored = ProcFs.statusField(pid, "SigIgn:").map(m -> Long.parseUnsignedLong(m, 16)).orElse(0L);
        return (ignored & (1L << (2 - 1))) != 0 ? "TERM" : "INT"; // bit n-1 for signal n; SIGINT is 2
    }

    @Test
    void killedWhileHoldingEveryThreadOfTheTarget() throws Exception {
        try (ChildJvm target = target()) {
            ChildJvm tool = ChildJvm.startWithTestClasspath(List.of(), ScanningTool.class.getName(), "hold",
                    Long.toString(target.pid()));
            try {
                tool.awaitLine("holding", WAIT);
            } finally {
                tool.kill();
            }
            // The JDWP agent resumes every thread when its debugger's connection drops.
            target.awaitWorkProgress(WAIT);
            assertEquals(JdwpStatus.State.LISTENING, LiveTargetsTest.awaitListening(target.pid()).state());
        }
    }
}
