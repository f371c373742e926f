package io.maprace.rules;

import io.maprace.events.Frame;
import io.maprace.events.LockWait;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Methods seen taking or releasing a shared lock ({@code ReentrantReadWriteLock$ReadLock}, {@code StampedLock}
 * read locks): sampled inside its lock or unlock, or waiting for it. They hold it around what they do next or did
 * before. A map written in such a method by several threads is written concurrently: a read lock excludes nobody
 * but writers.
 */
final class SharedLocks {

    private static final class Held {
        String lockClass;
        int samples;
        int waits;
        final Map<Long, ThreadRef> threads = new TreeMap<>();
    }

    private final Map<String, Held> byMethod = new HashMap<>();

    void sample(StackSample s) {
        Held h = held(s.stack().frames(), false);
        if (h != null) {
            h.samples++;
            h.threads.putIfAbsent(s.thread().id(), s.thread());
        }
    }

    /**
     * A lock wait: whether it was for a shared lock, and then kept. A contended read lock parks its takers, and a
     * parked thread is not sampled: on a busy cache its waits can be all that shows the lock.
     */
    boolean waited(LockWait w) {
        if (w.kind() != LockWait.Kind.PARK || w.stack() == null) {
            return false;
        }
        Held h = held(w.stack().frames(), true);
        if (h == null) {
            return false;
        }
        h.waits++;
        h.threads.putIfAbsent(w.waiter().id(), w.waiter());
        return true;
    }

    /**
     * What is kept of the method under the lock frames on top of the stack, if one of them is a shared lock's;
     * else null. {@code parked}: the stack is a wait's, whose top frames park the thread.
     */
    private Held held(List<Frame> frames, boolean parked) {
        int i = 0;
        String lock = null;
        while (i < frames.size() && (frames.get(i).className().startsWith(ExclusiveLocks.LOCKS)
                || parked && ExclusiveLocks.lockMachinery(frames.get(i)))) {
            if (sharedLockFrame(frames.get(i))) {
                lock = frames.get(i).className();
            }
            i++;
        }
        if (lock == null || i >= frames.size()) {
            return null;
        }
        Held h = byMethod.computeIfAbsent(frames.get(i).qualifiedMethod(), k -> new Held());
        h.lockClass = lock;
        return h;
    }

    /** A frame of a shared lock's code: taking, releasing or waiting for a read lock. */
    private static boolean sharedLockFrame(Frame f) {
        String cls = f.className();
        String method = f.method();
        return cls.endsWith("ReentrantReadWriteLock$ReadLock")
                || cls.endsWith("StampedLock") && (method.contains("Read") || method.equals("readLock"));
    }

    /** The group's methods seen inside a shared lock, run by two threads or more. */
    List<Evidence.SharedLockSeen> around(WriteGroup g) {
        List<Evidence.SharedLockSeen> out = new ArrayList<>();
        for (String m : g.methods) {
            Held h = byMethod.get(m);
            Set<Long> running = new HashSet<>(h == null ? Set.of() : h.threads.keySet());
            g.writersOf(m).forEach(t -> running.add(t.id()));
            if (h != null && running.size() >= 2) {
                out.add(new Evidence.SharedLockSeen(m, h.lockClass, h.samples, h.waits,
                        List.copyOf(h.threads.values())));
            }
        }
        return out;
    }
}
