package io.maprace.probe.fix;

import com.sun.jdi.Location;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventQueue;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Holds the threads that use the map where they are about to read its field: a breakpoint at bytecode index 0 of
 * every method that reads it, suspending only the thread that hits it. Threads that never reach one run on.
 * One thread drains the event queue; {@link #close()} deletes every request and resumes every held thread, on
 * every exit path.
 */
final class Barrier implements AutoCloseable {

    /** How long the closed barrier's thread still lets go of queued events. */
    private static final long DRAIN_MILLIS = 50;

    private final VirtualMachine vm;
    private final List<BreakpointRequest> requests = new ArrayList<>();
    /** Held threads and the event set that suspended each; guarded by this. */
    private final Map<ThreadReference, EventSet> held = new LinkedHashMap<>();
    private final Thread pump;
    private volatile boolean lost;
    private volatile boolean closing;
    private long firstHitNanos;
    private long releasedNanos;

    Barrier(VirtualMachine vm, List<FieldReaders.Reader> readers) {
        this.vm = vm;
        EventRequestManager erm = vm.eventRequestManager();
        Set<Location> seen = new java.util.HashSet<>();
        try {
            for (FieldReaders.Reader r : readers) {
                Location at = r.method().location();
                if (at == null || !seen.add(at)) {
                    continue;
                }
                BreakpointRequest bp = erm.createBreakpointRequest(at);
                bp.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                bp.putProperty(Barrier.class, Boolean.TRUE);
                requests.add(bp);
            }
        } catch (RuntimeException e) {
            erm.deleteEventRequests(requests);
            throw e;
        }
        pump = new Thread(this::drain, "maprace-fix-events");
        pump.setDaemon(true);
        pump.start();
        for (BreakpointRequest bp : requests) {
            bp.enable();
        }
    }

    /**
     * Sets and deletes a breakpoint at each method: HotSpot deoptimizes compiled code that inlined them, so code
     * that folded a {@code static final} field's old value as a constant reads the field again.
     */
    static void deoptimize(VirtualMachine vm, List<FieldReaders.Reader> readers) {
        EventRequestManager erm = vm.eventRequestManager();
        for (FieldReaders.Reader r : readers) {
            Location at = r.method().location();
            if (at == null) {
                continue;
            }
            BreakpointRequest bp = erm.createBreakpointRequest(at);
            bp.addCountFilter(Integer.MAX_VALUE); // never reported
            bp.setSuspendPolicy(EventRequest.SUSPEND_NONE);
            bp.enable();
            erm.deleteEventRequest(bp);
        }
    }

    int methods() {
        return requests.size();
    }

    private void drain() {
        EventQueue q = vm.eventQueue();
        try {
            while (!closing) {
                EventSet set = q.remove(50);
                if (set != null) {
                    take(set);
                }
            }
        } catch (InterruptedException e) {
            // close() wakes the pump at once rather than at its next poll
            if (!closing) {
                lost = true;
            }
        } catch (VMDisconnectedException e) {
            lost = true;
        }
        // Events posted before the requests were deleted may still be queued: their threads are let go too. For
        // a bounded while only: the next barrier's events are its own.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        try {
            for (EventSet set = q.remove(1); set != null; set = System.nanoTime() < until ? q.remove(1) : null) {
                take(set); // every set taken off the queue is taken care of
            }
        } catch (InterruptedException | VMDisconnectedException e) {
            // nothing more to let go
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Holds a barrier hit (unless closing); resumes any other event set. */
    private void take(EventSet set) {
        boolean keep = false;
        for (Event e : set) {
            if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                lost = true;
            } else if (e instanceof LocatableEvent b && b.request() != null
                    && b.request().getProperty(Barrier.class) != null) {
                synchronized (this) { // closing is set under this lock: a hit is held only if close() will resume it
                    if (!closing) {
                        if (held.isEmpty()) {
                            firstHitNanos = System.nanoTime();
                        }
                        held.put(b.thread(), set);
                        notifyAll();
                        keep = true;
                    }
                }
            }
        }
        if (!keep) {
            try {
                set.resume();
            } catch (VMDisconnectedException e) {
                lost = true;
            }
        }
    }

    /** Whether the target went away. */
    boolean lost() {
        return lost;
    }

    /** Waits until at least {@code n} threads are held; false on timeout or loss. */
    synchronized boolean awaitHeld(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (held.size() < n && !lost) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return held.size() >= n;
    }

    /**
     * Waits until no thread has been newly held for {@code quietMillis}, {@code maxMillis} at most: busy users of
     * the map reach the barrier within a millisecond of each other, and a check made before they all have finds
     * them about to use it and costs another round.
     */
    synchronized void awaitSettled(long quietMillis, long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (!lost) {
            int count = held.size();
            long quietEnd = Math.min(end, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quietMillis));
            for (long left = quietEnd - System.nanoTime(); held.size() == count && left > 0;
                 left = quietEnd - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (held.size() == count || System.nanoTime() >= end) {
                return;
            }
        }
    }

    /**
     * Holds the first thread that enters a method of a non-JDK class, for when the map's users never come (they
     * loop inside it): a one-shot request, deleted at once (method entry events slow every thread while enabled).
     */
    boolean holdApplicationThread(java.time.Duration wait) throws InterruptedException {
        com.sun.jdi.request.MethodEntryRequest r = vm.eventRequestManager().createMethodEntryRequest();
        for (String jdk : new String[] {"java.*", "javax.*", "jdk.*", "sun.*", "com.sun.*"}) {
            r.addClassExclusionFilter(jdk);
        }
        r.addCountFilter(1);
        r.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        r.putProperty(Barrier.class, Boolean.TRUE);
        try {
            r.enable();
            return awaitHeld(1, wait.toMillis());
        } finally {
            try {
                vm.eventRequestManager().deleteEventRequest(r);
            } catch (VMDisconnectedException e) {
                lost = true;
            }
        }
    }

    synchronized List<ThreadReference> held() {
        return new ArrayList<>(held.keySet());
    }

    synchronized boolean isHeld(ThreadReference t) {
        return held.containsKey(t);
    }

    /** When the first thread was held ({@link System#nanoTime()}), 0 if none yet. */
    synchronized long firstHitNanos() {
        return firstHitNanos;
    }

    /** When {@link #close()} had resumed every held thread ({@link System#nanoTime()}), 0 before. */
    synchronized long releasedNanos() {
        return releasedNanos;
    }

    /** Stops holding new threads; those held stay held until {@link #close()}. */
    void open() {
        try {
            vm.eventRequestManager().deleteEventRequests(requests);
        } catch (VMDisconnectedException e) {
            lost = true;
        }
        requests.clear();
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        open();
        List<EventSet> sets;
        synchronized (this) {
            sets = new ArrayList<>(new java.util.LinkedHashSet<>(held.values()));
            held.clear();
        }
        for (EventSet s : sets) {
            try {
                s.resume();
            } catch (VMDisconnectedException e) {
                // the target is gone: nothing left suspended
            }
        }
        synchronized (this) {
            if (releasedNanos == 0) {
                releasedNanos = System.nanoTime();
            }
        }
        pump.interrupt();
        try {
            pump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
