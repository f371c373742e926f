package io.maprace.probe.watch;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.EventRequestManager;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A watch never leaves the target suspended or with requests behind: ended, hung, or killed. */
class WatchSafetyTest {

    private static final String MAP = WatchEndToEndTest.FACTORY_MAP;

    @Test
    void endedWatchLeavesNoRequestsAndNoSuspendedThread() throws Exception {
        try (TargetProcess target = WatchEndToEndTest.factory()) {
            VirtualMachine vm = target.attach();
            try {
                WatchOptions options = WatchEndToEndTest.options(target, List.of(MAP), Duration.ofSeconds(2));
                try (WatchSession session = new WatchSession(vm, options, Clock.systemUTC(), WatchListener.NONE)) {
                    session.run();
                }
                EventRequestManager erm = vm.eventRequestManager();
                assertEquals(List.of(), erm.breakpointRequests());
                assertEquals(List.of(), erm.classPrepareRequests());
                assertEquals(List.of(), erm.monitorContendedEnterRequests());
                assertEquals(List.of(), erm.monitorContendedEnteredRequests());
                TargetProcess.assertNoThreadSuspended(vm);
                // Still attached: the target writes the map thousands of times a second, so a breakpoint left
                // behind would deliver an event at once. None comes while it makes progress.
                long ops = target.lastOps();
                EventSet stray = vm.eventQueue().remove(1500);
                assertNull(stray, () -> "an event arrived after the watch: " + stray);
                assertTrue(target.awaitProgressBeyond(ops, 5000));
            } finally {
                vm.dispose();
            }
        }
    }

    @Test
    void watchdogReleasesAHeldThreadWhileTheEventThreadHangs() throws Exception {
        try (TargetProcess target = WatchEndToEndTest.factory()) {
            VirtualMachine vm = target.attach();
            try {
                WatchOptions o = WatchEndToEndTest.options(target, List.of(MAP), Duration.ofSeconds(20));
                o = new WatchOptions(o.target(), o.maps(), 1.0, o.duration(), false, Duration.ofMillis(300), 32, true);
                WatchSession session = new WatchSession(vm, o, Clock.systemUTC(), WatchListener.NONE);
                AtomicReference<ThreadReference> held = new AtomicReference<>();
                CountDownLatch hung = new CountDownLatch(1);
                CountDownLatch unhang = new CountDownLatch(1);
                session.afterEvent(() -> {
                    List<ThreadReference> now = session.heldThreads();
                    if (!now.isEmpty() && held.compareAndSet(null, now.get(0))) {
                        hung.countDown();
                        try {
                            unhang.await(10, TimeUnit.SECONDS); // the event thread is wedged
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                Thread runner = new Thread(session::run, "watch-under-test");
                runner.start();
                try {
                    assertTrue(hung.await(20, TimeUnit.SECONDS), "no thread was ever held");
                    ThreadReference t = held.get();
                    // The hold lasts 300 ms; the watchdog must resume it with the event thread still stuck.
                    assertTrue(awaitNotSuspended(t, 3000), "held thread still suspended: " + t.name());
                } finally {
                    unhang.countDown();
                    session.stop();
                    runner.join(10_000);
                    session.close();
                }
                TargetProcess.assertNoThreadSuspended(vm);
                assertEquals(List.of(), vm.eventRequestManager().breakpointRequests());
            } finally {
                vm.dispose();
            }
        }
    }

    @Test
    void killedToolLeavesARunningTargetWithNothingSuspended() throws Exception {
        try (TargetProcess target = WatchEndToEndTest.factory()) {
            int port = target.port();
            List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), WatchMain.class.getName(),
                    String.valueOf(port), MAP, "20000"));
            try (TargetProcess tool = TargetProcess.of(new ProcessBuilder(cmd).start())) {
                String held = tool.awaitLine("held ", 30_000);
                assertNotNull(held, () -> "the tool never held a thread: " + tool.lines());
                tool.process().destroyForcibly(); // SIGKILL, with a thread held for 20 s more
                assertTrue(tool.process().waitFor(10, TimeUnit.SECONDS));
            }
            target.assertFreeAfter(port);
        }
    }

    /** The thread's state lives in the target: ask until the deadline (the hold ends after 300 ms). */
    private static boolean awaitNotSuspended(ThreadReference t, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (t.suspendCount() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return t.suspendCount() == 0;
    }
}
