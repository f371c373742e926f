package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.InvalidTypeException;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.maprace.probe.target.AttachedVm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code --unstick}: releases threads that loop in the old, corrupted map and would never leave it after the
 * swap. Each gets a {@code ConcurrentModificationException} thrown into it ({@code ThreadReference.stop}, which
 * debuggers may still use on JDK 20+), so that the application's own error handling takes over and its core is
 * freed. Only threads that were inside the old map before the swap and are still inside it after are released.
 */
final class Unsticker {

    static final String MESSAGE = "released by maprace from a map corrupted by concurrent writes";

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final ObjectReference exception;

    /** Creates the exception on a held thread, before the barrier releases it. */
    Unsticker(AttachedVm session, Invoker invoker) {
        this.session = session;
        this.vm = invoker.vm();
        ClassType cme = invoker.loaded("java.util.ConcurrentModificationException");
        Method ctor = cme.concreteMethodByName("<init>", "(Ljava/lang/String;)V");
        try {
            this.exception = Invoker.kept(cme.newInstance(invoker.thread(), ctor, List.of(vm.mirrorOf(MESSAGE)),
                    ClassType.INVOKE_SINGLE_THREADED));
        } catch (Exception e) {
            throw new IllegalStateException("could not create the exception to release stuck threads", e);
        }
    }

    /**
     * @param candidates threads seen inside the old map while the barrier held its users
     */
    List<FixResult.Released> release(MapUsers users, List<ThreadReference> candidates, Duration settle,
                                     List<String> notes) {
        List<FixResult.Released> out = new ArrayList<>();
        try {
            if (candidates.isEmpty()) {
                return out;
            }
            Set<String> names = new java.util.HashSet<>(candidates.stream().map(ThreadReference::name).toList());
            List<ThreadReference> stopped = new ArrayList<>();
            try (AttachedVm.Suspension s = session.suspendAll(Duration.ofSeconds(2))) {
                for (ThreadReference t : users.find(vm, x -> false).inside()) {
                    if (names.contains(t.name()) && candidates.contains(t)) {
                        try {
                            t.stop(exception);
                            stopped.add(t);
                        } catch (InvalidTypeException | RuntimeException e) {
                            notes.add("could not release " + t.name() + ": " + e.getClass().getSimpleName());
                        }
                    }
                }
            }
            sleep(settle);
            List<ThreadReference> still;
            try (AttachedVm.Suspension s = session.suspendAll(Duration.ofSeconds(2))) {
                still = users.find(vm, x -> false).inside();
            }
            for (ThreadReference t : stopped) {
                out.add(new FixResult.Released(t.name(), !still.contains(t)));
            }
            return out;
        } finally {
            exception.enableCollection();
        }
    }

    /** Frees the exception when nothing was released. */
    void discard() {
        exception.enableCollection();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
