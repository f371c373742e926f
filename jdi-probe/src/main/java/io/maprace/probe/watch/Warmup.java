package io.maprace.probe.watch;

import io.maprace.probe.target.SkipReason;
import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;

import io.maprace.probe.watch.sites.ReceiverExpr;

import java.util.List;
import java.util.Set;

/**
 * Loads, before any breakpoint is armed, what the first hits would otherwise load while their thread waits:
 * JDI's own code in this JVM (cold, interpreted), and the target's metadata (methods, line tables, fields) of
 * the classes at the write sites. Measured: the first hit took ~150-250 ms without it.
 */
final class Warmup {

    /** JDK threads that spend their life waiting: suspending one for a few milliseconds costs nothing. */
    private static final Set<String> IDLE_THREADS = Set.of("Reference Handler", "Finalizer", "Common-Cleaner",
            "Signal Dispatcher");

    private Warmup() {
    }

    static void run(VirtualMachine vm, List<Site> sites, ThreadCache threads, LockInspector locks,
                    ReceiverEvaluator evaluator) {
        for (Site s : sites) {
            try {
                locks.warm(s.location.declaringType());
                warmFields(s.write.map(), evaluator);
            } catch (RuntimeException e) {
                if (SkipReason.of(e) == null) {
                    throw e;
                }
                // Its class went away since its site was found (a hidden class, say): nothing to warm.
            }
        }
        for (ThreadReference t : vm.allThreads()) {
            threads.of(t);
        }
        ThreadReference idle = vm.allThreads().stream()
                .filter(t -> IDLE_THREADS.contains(t.name()) && t.status() == ThreadReference.THREAD_STATUS_WAIT)
                .findFirst().orElse(null);
        if (idle == null) {
            return;
        }
        // The calls a hit makes, on a thread that is waiting anyway: frames, this, arguments, locals, monitors.
        idle.suspend();
        try {
            List<StackFrame> frames = StackReader.frames(idle);
            StackReader.sites(frames);
            idle.ownedMonitors();
            for (StackFrame f : frames) {
                f.thisObject();
                f.getArgumentValues();
                try {
                    f.visibleVariables();
                } catch (AbsentInformationException e) {
                    // JDK classes have no local variable table: the call itself was the point.
                }
            }
        } catch (IncompatibleThreadStateException | RuntimeException e) {
            // Only a warm-up: the watch works without it, its first hits are slower.
        } finally {
            idle.resume();
        }
    }

    private static void warmFields(ReceiverExpr e, ReceiverEvaluator evaluator) {
        if (e instanceof ReceiverExpr.InstanceField f) {
            evaluator.field(f.field());
            warmFields(f.base(), evaluator);
        } else if (e instanceof ReceiverExpr.StaticField s) {
            evaluator.field(s.field());
        }
    }
}
