package io.maprace.probe.watch;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.MonitorContendedEnterEvent;
import com.sun.jdi.event.MonitorContendedEnteredEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;

import io.maprace.events.CallStack;
import io.maprace.events.LockWait;
import io.maprace.events.ThreadRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who blocked on whose monitor while watching: a contended-enter event (the waiter is suspended before it
 * blocks, so the owner read then is the one it waits for) and a contended-entered event (when it got it) make
 * one {@link LockWait}. Rate-limited: a hot lock would otherwise flood the event thread.
 */
final class MonitorWatch implements AutoCloseable {

    /** Contended enters handled per second at most; past that the requests rest until the next second. */
    static final int MAX_PER_SECOND = 200;
    private static final int MAX_WAITS = 20_000;

    private record Pending(Instant time, long arrivedNanos, ThreadRef holder, String lockClass, long lockId,
                           CallStack stack) {
    }

    private final EventRequestManager erm;
    private final List<EventRequest> requests = new ArrayList<>();
    private final ThreadCache threads;
    private final Clock clock;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<LockWait> waits = new ArrayList<>();
    private long secondStart;
    private int thisSecond;
    private boolean resting;
    private boolean wanted;
    private long dropped;

    MonitorWatch(VirtualMachine vm, ThreadCache threads, Clock clock) {
        this.erm = vm.eventRequestManager();
        this.threads = threads;
        this.clock = clock;
        if (vm.canRequestMonitorEvents()) {
            EventRequest enter = erm.createMonitorContendedEnterRequest();
            enter.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            EventRequest entered = erm.createMonitorContendedEnteredRequest();
            entered.setSuspendPolicy(EventRequest.SUSPEND_NONE);
            requests.add(enter);
            requests.add(entered);
        }
    }

    /** On while breakpoints are on (and under the rate limit). */
    void setEnabled(boolean on, long nowNanos) {
        wanted = on;
        apply(nowNanos);
    }

    private void apply(long nowNanos) {
        if (nowNanos - secondStart > 1_000_000_000L) {
            secondStart = nowNanos;
            thisSecond = 0;
            resting = false;
        }
        boolean on = wanted && !resting;
        for (EventRequest r : requests) {
            if (r.isEnabled() != on) {
                r.setEnabled(on);
            }
        }
    }

    void tick(long nowNanos) {
        apply(nowNanos);
    }

    /**
     * @param arrivedNanos when the event reached the tool: waits are measured between arrivals, so time the
     *                     event spent queued behind others does not count
     */
    void entering(MonitorContendedEnterEvent e, long nowNanos, long arrivedNanos) {
        if (++thisSecond > MAX_PER_SECOND) {
            resting = true;
            apply(nowNanos);
        }
        ObjectReference monitor = e.monitor();
        ThreadReference owner = null;
        try {
            owner = monitor.owningThread();
        } catch (Exception ex) {
            // The owner may have released it already, or gone: record the wait without one.
        }
        ThreadRef waiter = threads.of(e.thread());
        Instant at = clock.instant().minusNanos(Math.max(0, nowNanos - arrivedNanos));
        pending.put(waiter.id(), new Pending(at, arrivedNanos, owner == null ? null : threads.of(owner),
                monitor.referenceType().name(), monitor.uniqueID(),
                new CallStack(List.of(StackReader.frame(e.location())), true)));
    }

    void entered(MonitorContendedEnteredEvent e, long arrivedNanos) {
        ThreadRef waiter = threads.of(e.thread());
        Pending p = pending.remove(waiter.id());
        if (p == null) {
            return;
        }
        if (waits.size() >= MAX_WAITS) {
            dropped++;
            return;
        }
        Duration waited = Duration.ofNanos(arrivedNanos - p.arrivedNanos());
        waits.add(new LockWait(LockWait.Kind.MONITOR_ENTER, p.time(), waited.isNegative() ? Duration.ZERO : waited,
                waiter, p.holder(), p.lockClass(), p.lockId(), p.stack()));
    }

    List<LockWait> waits() {
        return waits;
    }

    long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        erm.deleteEventRequests(requests);
        requests.clear();
    }
}
