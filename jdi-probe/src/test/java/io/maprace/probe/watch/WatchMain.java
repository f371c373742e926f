package io.maprace.probe.watch;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A watch in its own process, for the kill test: {@code WatchMain <port> <map> <maxHoldMillis>}. Prints
 * {@code watching}, then, once a thread is held for a proof, {@code held <thread>} and hangs its event thread
 * (as a wedged tool would), so the test can kill it while the target has a thread held.
 */
public final class WatchMain {

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = TargetProcess.attach(Integer.parseInt(args[0]));
        WatchOptions o = WatchOptions.of("127.0.0.1:" + args[0], List.of(MapSpec.parse(args[1])), 1.0,
                Duration.ofSeconds(120));
        o = new WatchOptions(o.target(), o.maps(), o.budget(), o.duration(), false,
                Duration.ofMillis(Long.parseLong(args[2])), o.autoLimit(), o.monitors());
        WatchSession session = new WatchSession(vm, o, Clock.systemUTC(), new WatchListener() {
            @Override
            public void watching(String what) {
                System.out.println("watching " + what);
                System.out.flush();
            }
        });
        CountDownLatch never = new CountDownLatch(1);
        session.afterEvent(() -> {
            List<ThreadReference> held = session.heldThreads();
            if (!held.isEmpty()) {
                System.out.println("held " + held.get(0).name());
                System.out.flush();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        session.run();
    }
}
