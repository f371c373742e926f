package io.maprace.probe.watch;

import io.maprace.events.WriteEvent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads held inside a write, waiting for a second writer of the same map, and the watchdog that releases
 * them. The watchdog is its own thread: whatever the event thread is doing (blocked on a slow reply, busy, or
 * broken), a held thread is resumed at its deadline, and any other thread an event suspended (queued or being
 * handled) is resumed once it has waited {@link #MAX_HANDLING_NANOS}. (If the tool dies, the JDWP agent resumes
 * everything; a hung tool is what the watchdog is for.)
 */
final class Holds implements AutoCloseable {

    /** The longest an event's thread may stay suspended, queued or being handled (holds excepted). */
    static final long MAX_HANDLING_NANOS = 1_000_000_000L;

    /** A thread held at a write of one map instance. */
    record Hold(long map, WriteEvent write, Suspension suspension, long startNanos, long deadlineNanos) {
    }

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maprace-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Hold> byMap = new ConcurrentHashMap<>();
    /** The last hold released on each map, and when: a writer that arrived before then overlapped it. */
    private final Map<Long, Released> lastReleased = new ConcurrentHashMap<>();

    record Released(Hold hold, long releasedNanos) {
    }
    private final Set<Suspension> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong heldNanos = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong forced = new AtomicLong();

    private volatile Runnable onStall = () -> { };

    Holds() {
        watchdog.scheduleWithFixedDelay(this::check, 50, 50, TimeUnit.MILLISECONDS);
    }

    /**
     * What to do when the watchdog had to resume a thread the event thread left waiting: the event thread is
     * stuck, so the breakpoints must go off or every write would wait for the watchdog.
     */
    void onStall(Runnable action) {
        this.onStall = action;
    }

    /** A thread an event just suspended: the watchdog keeps an eye on it until it is resumed. */
    void track(Suspension s) {
        live.add(s);
    }

    /** Keeps the thread suspended until a second writer comes, or the deadline. */
    Hold hold(long map, WriteEvent write, Suspension suspension, long nanos) {
        long now = System.nanoTime();
        Hold h = new Hold(map, write, suspension, now, now + nanos);
        byMap.put(map, h);
        watchdog.schedule(() -> {
            if (release(h)) {
                expired.incrementAndGet();
            }
        }, nanos, TimeUnit.NANOSECONDS);
        return h;
    }

    /** The hold on a map instance, if a thread is held in one of its writes. */
    Hold active(long map) {
        Hold h = byMap.get(map);
        return h == null || h.suspension().resumed() ? null : h;
    }

    /** The threads held now (for tests of the watchdog). */
    List<com.sun.jdi.ThreadReference> heldThreads() {
        return byMap.values().stream().filter(h -> !h.suspension().resumed())
                .map(h -> h.suspension().thread).toList();
    }

    boolean any() {
        byMap.values().removeIf(h -> h.suspension().resumed());
        return !byMap.isEmpty();
    }

    int count() {
        any();
        return byMap.size();
    }

    /** Whether a hold keeps this suspension (the event thread must then leave it suspended). */
    boolean owns(Suspension s) {
        for (Hold h : byMap.values()) {
            if (h.suspension() == s) {
                return true;
            }
        }
        return false;
    }

    /** Releases a hold; returns whether this call resumed the thread. */
    boolean release(Hold h) {
        byMap.remove(h.map(), h);
        if (h.suspension().resume()) {
            long now = System.nanoTime();
            heldNanos.addAndGet(now - h.startNanos());
            lastReleased.put(h.map(), new Released(h, now));
            return true;
        }
        return false;
    }

    /**
     * A hold on this map, by another thread, that was still on when an event arrived (then the event's thread
     * was suspended at its write while the held thread was at its own, whenever the event thread gets to it):
     * the active hold, or the last one released after {@code arrivedNanos}. Null if none.
     */
    Hold overlapping(long map, long threadId, long arrivedNanos) {
        Hold h = active(map);
        if (h != null && h.suspension().threadId != threadId) {
            return h;
        }
        Released r = lastReleased.get(map);
        if (r != null && r.releasedNanos() > arrivedNanos && r.hold().suspension().threadId != threadId) {
            return r.hold();
        }
        return null;
    }

    void releaseAll() {
        Collection<Hold> all = List.copyOf(byMap.values());
        for (Hold h : all) {
            release(h);
        }
    }

    private void check() {
        long now = System.nanoTime();
        boolean stalled = false;
        for (Suspension s : live) {
            if (s.resumed()) {
                live.remove(s);
            } else if (!owns(s) && now - s.arrivedNanos > MAX_HANDLING_NANOS && s.resume()) {
                live.remove(s);
                forced.incrementAndGet();
                stalled = true;
            }
        }
        if (stalled) {
            try {
                onStall.run();
            } catch (RuntimeException e) {
                // The connection is failing too: the JDWP agent cleans up when it drops.
            }
        }
        for (Hold h : List.copyOf(byMap.values())) {
            // Belt and braces: a hold whose timer did not run (a busy executor) is released here.
            if (now > h.deadlineNanos() + 50_000_000L && release(h)) {
                expired.incrementAndGet();
            }
        }
    }

    long heldMillis() {
        return heldNanos.get() / 1_000_000;
    }

    long expired() {
        return expired.get();
    }

    long forced() {
        return forced.get();
    }

    @Override
    public void close() {
        releaseAll();
        for (Suspension s : live) {
            s.resume();
        }
        live.clear();
        watchdog.shutdownNow();
    }
}
