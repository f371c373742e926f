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
