package io.maprace.heap;

import io.maprace.model.MapFamily;

import java.util.ArrayList;
import java.util.List;

/** A map the walk met, what its integrity check found, and how it is reached. Mutable while the walk runs. */
final class FoundMap {

    /** How a map is protected by what holds it. */
    enum Guard {
        /** Held directly: nothing protects it. */
        NONE,
        /** Only reached through a {@code Collections.synchronized*} wrapper. */
        LOCKED,
        /** Only reached through a read-only view. */
        READ_ONLY
    }

    /** What {@link #checkedAt} counts from. */
    private static final long EPOCH = System.nanoTime();

    final long id;
    /** The map in the heap; null once released (see {@link MapRetainer}). */
    volatile Heap.Obj obj;
    final MapFamily kind;
    final String type;
    /** Whether it is the JDK's own state (a field of an executor), not the application's. */
    final boolean jdkHeld;
    /** Its path ({@link #path()}), or for an element of an array the array's path. */
    private HeapPath at;
    /**
     * For an element of an array, its index there, else -1: its own path step is made when asked rather than kept
     * for each of the million maps of one array.
     */
    private int element;
    volatile Guard guard;
    /** Also reached through a thread-safe wrapper: the owner built one around it, and may use only that. */
    volatile boolean wrapped;
    /** {@link HeapWalker#STATIC}, {@link HeapWalker#MULTI}, or the index of the one thread that reaches it. */
    volatile int reach;
    /** The threads that reach it, in the order met; null until one does (most maps of a large heap never are). */
    private List<String> threads;
    volatile MapCheck check;
    /**
     * When the check ran, in milliseconds since {@link #EPOCH}, to measure writes since: an int, not the long of a
     * {@link System#nanoTime()}, keeps the record at 64 bytes rather than 72 (a million maps in a dump).
     */
    private volatile int checkedAt;

    /** Notes that the check ran now. */
    void checkedNow() {
        checkedAt = (int) ((System.nanoTime() - EPOCH) / 1_000_000);
    }

    /** Milliseconds since the check ran. */
    long millisSinceCheck() {
        return (System.nanoTime() - EPOCH) / 1_000_000 - checkedAt;
    }

    FoundMap(Heap.Obj obj, MapFamily kind, String type, boolean jdkHeld, HeapPath path, Guard guard, int reach) {
        this(obj, kind, type, jdkHeld, path, -1, guard, reach, null);
    }

    /**
     * @param path its path, or with an {@code element} index the path of the array that holds it
     * @param element its index in the array {@code path} leads to, or -1
     * @param thread the thread that reaches it, or null: set here, with no lock (a million maps met), before the
     *               map is published to the walk's other threads
     */
    FoundMap(Heap.Obj obj, MapFamily kind, String type, boolean jdkHeld, HeapPath path, int element, Guard guard,
             int reach, String thread) {
        if (thread != null) {
            threads = new ArrayList<>(2);
            threads.add(thread);
        }
        this.obj = obj;
        this.id = obj.id();
        this.kind = kind;
        this.type = type;
        this.jdkHeld = jdkHeld;
        this.at = path;
        this.element = element;
        this.guard = guard;
        this.reach = reach;
    }

    /** Seen again through another path: an unguarded path wins, and several threads make it shared. */
    synchronized void seenAgain(HeapPath other, Guard otherGuard, int otherReach, String thread) {
        if (otherGuard == Guard.LOCKED || guard == Guard.LOCKED) {
            wrapped = true;
        }
        if (otherGuard == Guard.NONE && guard != Guard.NONE) {
            guard = Guard.NONE;
            at = other;
            element = -1;
        }
        addThread(thread);
        if (reach >= 0 && otherReach != reach) {
            reach = otherReach == HeapWalker.STATIC ? HeapWalker.STATIC : HeapWalker.MULTI;
        }
    }

    /** How the map is reached (the unguarded path, when it has one). */
    synchronized HeapPath path() {
        return element < 0 ? at : at.element(element);
    }

    /** The depth of {@link #path()}, without making it. */
    synchronized int depth() {
        return element < 0 ? at.depth() : at.depth() + 1;
    }

    /** Its group key ({@link GroupKeys}), without making its path when it is an element of an array. */
    synchronized String groupKey(GroupKeys keys) {
        return element < 0 ? keys.of(type, at) : keys.of(type, at, element);
    }

    /** Notes a thread that reaches the map (null: none), once. */
    synchronized void addThread(String thread) {
        if (thread == null) {
            return;
        }
        if (threads == null) {
            threads = new ArrayList<>(2);
        }
        if (!threads.contains(thread)) {
            threads.add(thread);
        }
    }

    /** The threads that reach it, in the order met. */
    synchronized List<String> threads() {
        return threads == null ? List.of() : List.copyOf(threads);
    }
}
