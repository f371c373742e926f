package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Suspensions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --unstick}: releases threads that loop in a corrupted map and would never leave it, even after a swap.
 * Each gets a {@code ConcurrentModificationException} thrown into it ({@code ThreadReference.stop}, which
 * debuggers may still use on JDK 20+), so that the application's own error handling takes over and its core is
 * freed. It runs before the swap: a thread stuck in the map never reaches the barrier, and often no other thread
 * does either.
 */
final class Unsticker {

    static final String MESSAGE = "released by maprace from a map corrupted by concurrent writes";

    /** A thread inside the map at every look for this long is taken as looping. */
    private static final Duration LOOK_APART = Duration.ofMillis(300);

    private Unsticker() {
    }

    /** Threads inside the map now and at every look after, for {@link #LOOK_APART}. */
    static List<ThreadReference> looping(VirtualMachine vm, MapUsers users,
                                         java.util.function.Predicate<ThreadReference> held) {
        // Looks again every few milliseconds: a thread at work leaves the map at once (and meets the barrier when
        // it comes back), so the wait lasts LOOK_APART only when one stays inside at every look.
        List<ThreadReference> inside = new ArrayList<>(users.look(vm, held).inside());
        long until = System.nanoTime() + LOOK_APART.toNanos();
        while (!inside.isEmpty() && System.nanoTime() < until) {
            sleep(Duration.ofMillis(10));
            inside.retainAll(users.look(vm, held).inside());
        }
        return inside;
    }

    /**
     * Throws the exception into each looping thread. The exception is made on a thread held by the barrier, or,
     * when none comes (the only users of the map are the looping threads), on the first thread that enters an
     * application method, held for that alone.
     */
    static List<ThreadReference> release(AttachedVm session, VirtualMachine vm, Barrier barrier,
                                         List<ThreadReference> looping, Duration wait, long invokeMillis,
                                         List<String> notes) throws InterruptedException {
        if (!barrier.awaitHeld(1, 300) && !barrier.holdApplicationThread(wait)) {
            notes.add("no application thread ran within " + wait.toSeconds() + " s to create the exception: "
                    + looping.size() + " looping thread(s) not released");
            return List.of();
        }
        ThreadReference runner = barrier.held().get(0);
        List<ThreadReference> released = new ArrayList<>();
        ObjectReference exception = null;
        try {
            Invoker invoker = new Invoker(vm, runner, invokeMillis);
            ClassType cme = invoker.load("java.util.ConcurrentModificationException");
            Method ctor = cme.concreteMethodByName("<init>", "(Ljava/lang/String;)V");
            exception = Invoker.construct(cme, runner, ctor, List.of(Invoker.string(vm, MESSAGE)));
            try (Suspensions.Suspension s = session.suspendAll(Duration.ofSeconds(2))) {
                for (ThreadReference t : looping) {
                    try {
                        t.stop(exception);
                        released.add(t);
                    } catch (RuntimeException | com.sun.jdi.InvalidTypeException e) {
                        notes.add("could not release " + t.name() + ": " + e.getClass().getSimpleName());
                    }
                }
            }
        } catch (Exception e) {
            notes.add("could not create the exception to release looping threads: " + e.getClass().getSimpleName());
        }
        // The exception object stays collectable: each thread it was thrown into holds it while it unwinds.
        if (exception != null) {
            exception.enableCollection();
        }
        return released;
    }

    /** After the swap: which released threads are out of the old map's code. */
    static List<FixResult.Released> check(VirtualMachine vm, MapUsers users,
                                          List<ThreadReference> released) {
        if (released.isEmpty()) {
            return List.of();
        }
        List<ThreadReference> inside = users.look(vm, t -> false).inside();
        List<FixResult.Released> out = new ArrayList<>();
        for (ThreadReference t : released) {
            out.add(new FixResult.Released(t.name(), !inside.contains(t)));
        }
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
