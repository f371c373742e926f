package io.maprace.probe.watch;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.event.EventSet;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread suspended by one event, resumed exactly once, by whoever comes first: the event thread when done
 * with it, the hold that keeps it for a proof, or the watchdog at a deadline. A second resume would undo a
 * newer suspension of the same thread, so every resume goes through here.
 */
final class Suspension {

    private final EventSet set;
    /** The suspended thread, or null (an event without one). */
    final ThreadReference thread;
    final long threadId;
    /** When the event reached the tool (the thread stopped a little earlier: half a round trip). */
    final long arrivedNanos;
    private final AtomicBoolean resumed = new AtomicBoolean();
    private final Governor governor;
    private final long latencyNanos;

    Suspension(EventSet set, ThreadReference thread, long arrivedNanos, Governor governor, long latencyNanos) {
        this.set = set;
        this.thread = thread;
        this.threadId = thread == null ? -1 : thread.uniqueID();
        this.arrivedNanos = arrivedNanos;
        this.governor = governor;
        this.latencyNanos = latencyNanos;
    }

    /** Resumes the thread if nobody did yet; returns whether this call did. */
    boolean resume() {
        if (!resumed.compareAndSet(false, true)) {
            return false;
        }
        long now = System.nanoTime();
        try {
            set.resume();
        } catch (VMDisconnectedException e) {
            // The target is gone, or the connection: the JDWP agent resumes every thread when a debugger leaves.
        } finally {
            if (governor != null) {
                governor.charge(threadId, now - arrivedNanos + latencyNanos, now);
            }
        }
        return true;
    }

    boolean resumed() {
        return resumed.get();
    }
}
