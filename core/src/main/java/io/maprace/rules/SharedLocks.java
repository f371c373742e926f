package io.maprace.rules;

import io.maprace.events.Frame;
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
 * Methods sampled inside a shared lock's lock or unlock ({@code ReentrantReadWriteLock$ReadLock},
 * {@code StampedLock} read locks): they hold it around what they do next or did before. A map written
 * in such a method by several threads is written concurrently: a read lock excludes nobody but writers.
 */
final class SharedLocks {

    private static final class Held {
        String lockClass;
        int samples;
        final Map<Long, ThreadRef> threads = new TreeMap<>();
    }

    private final Map<String, Held> byMethod = new HashMap<>();

    void sample(StackSample s) {
        List<Frame> frames = s.stack().frames();
        int i = 0;
        String lock = null;
        while (i < frames.size() && frames.get(i).className().startsWith(ExclusiveLocks.LOCKS)) {
            String cls = frames.get(i).className();
            String method = frames.get(i).method();
            if (cls.endsWith("ReentrantReadWriteLock$ReadLock") || (cls.endsWith("StampedLock")
                    && (method.contains("Read") || method.equals("readLock")))) {
                lock = cls;
            }
            i++;
        }
        if (lock == null || i >= frames.size()) {
            return;
        }
        Held h = byMethod.computeIfAbsent(frames.get(i).qualifiedMethod(), k -> new Held());
        h.lockClass = lock;
        h.samples++;
        h.threads.putIfAbsent(s.thread().id(), s.thread());
    }

    /** The group's methods seen inside a shared lock, run by two threads or more. */
    List<Evidence.SharedLockSeen> around(WriteGroup g) {
        List<Evidence.SharedLockSeen> out = new ArrayList<>();
        for (String m : g.methods) {
            Held h = byMethod.get(m);
            Set<Long> running = new HashSet<>(h == null ? Set.of() : h.threads.keySet());
            g.writersOf(m).forEach(t -> running.add(t.id()));
            if (h != null && running.size() >= 2) {
                out.add(new Evidence.SharedLockSeen(m, h.lockClass, h.samples, List.copyOf(h.threads.values())));
            }
        }
        return out;
    }
}
