package io.maprace.rules;

import io.maprace.events.Frame;
import io.maprace.events.LockWait;
import io.maprace.events.StackSample;
import io.maprace.model.MapApi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Application methods seen taking or releasing an exclusive lock ({@code ReentrantLock}, a write lock), or
 * waiting for any lock: writes in such methods may be ordered by it, which samples of the writes themselves do
 * not show. Lock evidence keeps a group from reaching {@code likely} on counts alone.
 */
final class ExclusiveLocks {

    /** The package of the JDK's locks: a stack in a lock's code has its frames on top. */
    static final String LOCKS = "java.util.concurrent.locks.";
    /**
     * HotSpot's class-initialization lock: a thread that needs a class another thread is initializing enters the
     * class's {@code int[]} init lock, then waits on it, and either event's top frame is the method that first
     * used the class. The recording names that class {@code [I}; a reader may print it {@code int[]}.
     */
    private static final Set<String> CLASS_INIT_LOCK = Set.of("[I", "int[]");

    /** Each method seen at a lock, with what showed it (the first time), for the finding's explanation. */
    private final Map<String, String> methods = new HashMap<>();

    void sample(StackSample s) {
        List<Frame> frames = s.stack().frames();
        int i = 0;
        boolean exclusive = false;
        while (i < frames.size() && frames.get(i).className().startsWith(LOCKS)) {
            String cls = frames.get(i).className();
            exclusive |= cls.endsWith("ReentrantLock") || cls.endsWith("ReentrantReadWriteLock$WriteLock")
                    || (cls.endsWith("StampedLock") && frames.get(i).method().contains("Write"));
            i++;
        }
        if (exclusive && i < frames.size()) {
            Frame lock = frames.get(i - 1);
            methods.computeIfAbsent(frames.get(i).qualifiedMethod(), m -> "sampled in " + lock.qualifiedMethod());
        }
    }

    void waited(LockWait w) {
        if (w.stack() == null || classInitialization(w)) {
            return;
        }
        for (Frame f : w.stack().frames()) {
            if (MapApi.isMapFrame(f)) {
                // a lock inside the map's own code (WeakHashMap's ReferenceQueue) guards no write of the map
                return;
            }
            if (!f.className().startsWith("java.") && !f.className().startsWith("jdk.")
                    && !f.className().startsWith("sun.")) {
                methods.putIfAbsent(f.qualifiedMethod(), described(w));
                return;
            }
            if (!lockMachinery(f)) {
                // a lock taken deep inside other JDK code the method called (class loading, reflection, I/O)
                // orders none of its map writes: only a lock the method itself takes counts
                return;
            }
        }
    }

    /**
     * Waiting for another thread to initialize a class: once, at start, and it orders no write. Entering the init
     * lock shows up too when the initializing thread holds it longer than the recording's threshold, as on a
     * loaded host; an application rarely locks an {@code int[]} itself.
     */
    private static boolean classInitialization(LockWait w) {
        return w.kind() != LockWait.Kind.PARK && CLASS_INIT_LOCK.contains(w.lockClass());
    }

    private static String described(LockWait w) {
        String what = switch (w.kind()) {
            case MONITOR_ENTER -> "blocked entering a monitor of ";
            case MONITOR_WAIT -> "waiting in a monitor of ";
            case PARK -> "parked on ";
        };
        return what + (w.lockClass() == null ? "an unknown class" : w.lockClass());
    }

    /** A frame of taking a lock or waiting for one: {@code java.util.concurrent.locks}, parking, {@code wait}. */
    static boolean lockMachinery(Frame f) {
        String c = f.className();
        return c.startsWith(LOCKS) || c.equals("jdk.internal.misc.Unsafe") || c.equals("sun.misc.Unsafe")
                || c.equals("java.lang.Object") && f.method().equals("wait");
    }

    /** Whether {@code method} was seen taking or waiting for a lock. */
    boolean at(String method) {
        return methods.containsKey(method);
    }

    /** The first of the group's methods (in name order) seen at a lock, and what showed it. */
    Optional<String> seenAt(Set<String> groupMethods) {
        return groupMethods.stream().filter(methods::containsKey).sorted().findFirst()
                .map(m -> m + " (" + methods.get(m) + ")");
    }

    /**
     * Whether every method of a group was seen at a lock: a {@code synchronized} block leaves no frame in the
     * samples of the writes it guards, only these waits, so such a group looks locked, not racy.
     */
    boolean allOf(Set<String> groupMethods) {
        return !groupMethods.isEmpty() && methods.keySet().containsAll(groupMethods);
    }
}
