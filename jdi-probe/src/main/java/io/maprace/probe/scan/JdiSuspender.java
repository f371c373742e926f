package io.maprace.probe.scan;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.maprace.heap.Confirmer;
import io.maprace.heap.MapCheck;
import io.maprace.model.MapWrites;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Suspensions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Holds every thread of the target for one bounded read. Before reading, it looks at each thread's stack: a
 * thread inside a method that writes a map's structure would make the read show its half-done work, so then it
 * resumes at once and reports who was writing. The {@link AttachedVm} watchdog resumes the target at the pause
 * budget whatever happens here.
 */
final class JdiSuspender implements Confirmer.Suspender {

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final Duration maxPause;

    JdiSuspender(AttachedVm session, VirtualMachine vm, Duration maxPause) {
        this.session = session;
        this.vm = vm;
        this.maxPause = maxPause;
    }

    @Override
    public Confirmer.Stopped read(Supplier<MapCheck> read) {
        long start = System.nanoTime();
        MapCheck check = null;
        List<String> writers = new ArrayList<>();
        boolean expired;
        try (Suspensions.Suspension held = session.suspendAll(maxPause)) {
            for (ThreadReference t : vm.allThreads()) {
                String writing = writingFrame(t);
                if (writing != null) {
                    writers.add(t.name() + " in " + writing);
                }
            }
            if (writers.isEmpty()) {
                check = read.get();
            }
            expired = held.expired();
        }
        return new Confirmer.Stopped(check, writers, (System.nanoTime() - start) / 1e6, expired);
    }

    private static String writingFrame(ThreadReference t) {
        try {
            for (StackFrame f : t.frames()) {
                Location l = f.location();
                String cls = l.declaringType().name();
                if (MapWrites.isWriteInProgress(cls, l.method().name())) {
                    return cls + "." + l.method().name();
                }
            }
            return null;
        } catch (IncompatibleThreadStateException | ObjectCollectedException e) {
            // A thread started after the suspend, or one that ended: it has not reached any map yet.
            return null;
        }
    }
}
