package io.maprace.probe.watch;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.InternalException;
import com.sun.jdi.InvalidStackFrameException;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.MonitorContendedEnterEvent;
import com.sun.jdi.event.MonitorContendedEnteredEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Hands each event set to what handles its kind (a write site's hit, a class just prepared, a monitor wait),
 * charges the time it took to the budget, and resumes its thread unless a hold now owns it. Event thread only.
 */
final class EventDispatcher {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final HitHandler handler;
    private final SiteInstaller installer;
    private final MonitorWatch monitors;
    private final Holds holds;
    private final Governor governor;
    private final Runnable afterEvent;
    private long handled;
    private long handledNanos;

    /** @param monitors null when lock waits are not watched */
    EventDispatcher(HitHandler handler, SiteInstaller installer, MonitorWatch monitors, Holds holds,
                    Governor governor, Runnable afterEvent) {
        this.handler = handler;
        this.installer = installer;
        this.monitors = monitors;
        this.holds = holds;
        this.governor = governor;
        this.afterEvent = afterEvent;
    }

    /** The thread an event set stopped, if any. */
    static ThreadReference threadOf(EventSet set) {
        for (Event e : set) {
            if (e instanceof LocatableEvent l) {
                return l.thread();
            }
            if (e instanceof ClassPrepareEvent c) {
                return c.thread();
            }
        }
        return null;
    }

    /** Handles one event set; returns whether the target went away. */
    boolean handle(EventPump.Arrival arrival, long watchStart) {
        EventSet set = arrival.set();
        Suspension suspension = arrival.suspension();
        if (suspension.resumed()) {
            return false; // the watchdog let it go: the thread has moved on, its frames are gone
        }
        long handleStart = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        try {
            for (Event e : set) {
                if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    suspension.resume();
                    return true;
                }
            }
            Event first = set.iterator().next();
            if (first instanceof BreakpointEvent b) {
                handler.hit(b, suspension, watchStart);
            } else if (first instanceof ClassPrepareEvent c) {
                installer.prepared(c.referenceType());
            } else if (first instanceof MonitorContendedEnterEvent m && monitors != null) {
                monitors.entering(m, System.nanoTime(), arrival.nanos());
            } else if (first instanceof MonitorContendedEnteredEvent m && monitors != null) {
                monitors.entered(m, arrival.nanos());
            }
        } catch (VMDisconnectedException e) {
            return true;
        } catch (ObjectCollectedException | InvalidStackFrameException | IncompatibleThreadStateException
                 | InternalException | IllegalStateException e) {
            // The thread or an object went away while we looked (a thread ending, a map collected): skip it.
        } finally {
            long cpu = CPU.getCurrentThreadCpuTime() - cpuStart;
            if (cpu > 0) {
                governor.chargeCpu(cpu, System.nanoTime());
            }
            handledNanos += System.nanoTime() - handleStart;
            handled++;
            // Unless a hold now owns it, the thread goes on (resume is a no-op for a set already resumed).
            if (suspension.resumed() || !holds.owns(suspension)) {
                suspension.resume();
            }
        }
        afterEvent.run();
        return false;
    }

    /** Mean time to handle an event, in microseconds. */
    long eventMicrosMean() {
        return handled == 0 ? 0 : handledNanos / handled / 1000;
    }
}
