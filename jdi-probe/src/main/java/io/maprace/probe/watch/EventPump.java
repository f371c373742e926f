package io.maprace.probe.watch;

import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.EventSet;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The one loop that drains {@code vm.eventQueue()}: it stamps each event set with its arrival time (the time
 * its thread has been waiting is charged to the budget) and hands it to the event thread.
 */
final class EventPump implements AutoCloseable {

    /**
     * An event set, when it arrived, and the suspension of its thread; {@code set == null} means the target
     * disconnected.
     */
    record Arrival(EventSet set, long nanos, Suspension suspension) {
    }

    private final BlockingQueue<Arrival> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param suspensions makes the suspension of an arriving set, from the moment it arrives (so a watchdog
     *                    can resume it even if the event thread never gets to it)
     */
    EventPump(VirtualMachine vm, BiFunction<EventSet, Long, Suspension> suspensions) {
        thread = new Thread(() -> {
            try {
                while (!stopped) {
                    EventSet set = vm.eventQueue().remove(200);
                    if (set != null) {
                        long now = System.nanoTime();
                        queue.add(new Arrival(set, now, suspensions.apply(set, now)));
                    }
                }
            } catch (VMDisconnectedException e) {
                queue.add(new Arrival(null, System.nanoTime(), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "maprace-jdi-events");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Arrival poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** What is left in the queue, to resume after the requests are gone. */
    Arrival pollNow() {
        return queue.poll();
    }

    /**
     * Events that arrived before their requests were deleted still hold their threads: resumes them until the
     * queue has been quiet for a moment (at most a second), then stops the loop and resumes what is left. Not
     * {@code vm.eventQueue().remove(timeout)} directly: JDI restarts that timeout whenever one of its own
     * internal events arrives (class prepare and unload, which never stop in a program that keeps defining
     * classes), so it may never return.
     */
    void drainAndClose() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        long quietSince = System.nanoTime();
        try {
            while (System.nanoTime() < deadline && System.nanoTime() - quietSince < 100_000_000L) {
                Arrival a = poll(20);
                if (a != null) {
                    quietSince = System.nanoTime();
                    if (a.suspension() != null) {
                        a.suspension().resume();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            for (Arrival a = pollNow(); a != null; a = pollNow()) {
                if (a.suspension() != null) {
                    a.suspension().resume();
                }
            }
        }
    }

    /** The shortest of a few JDWP round trips: half of it is how long a thread waited before its event arrived. */
    static long roundTripNanos(VirtualMachine vm) {
        java.util.List<com.sun.jdi.ThreadReference> all = vm.allThreads();
        if (all.isEmpty()) {
            return 0;
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            all.get(0).status();
            best = Math.min(best, System.nanoTime() - t);
        }
        return best;
    }

    /** Stops the loop and waits for it, so no event set it took is left unseen in its hands. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
