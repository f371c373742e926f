package io.maprace.probe.fix;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;

import java.util.List;

/**
 * Holds the threads that use a map at its barrier until none is inside it (releasing looping ones first with
 * {@code --unstick}), or one thread alone to define a class before the swap. What is held is released by the
 * caller closing the barrier; on failure here, here.
 */
final class ThreadHold {

    private final AttachedVm session;
    private final VirtualMachine vm;
    private final FixOptions options;
    private final Progress progress;

    ThreadHold(AttachedVm session, VirtualMachine vm, FixOptions options, Progress progress) {
        this.session = session;
        this.vm = vm;
        this.options = options;
        this.progress = progress;
    }

    /** The threads held and the rounds it took until none was inside the map. */
    record Hold(Barrier barrier, MapUsers users, List<ThreadReference> released, int held, int rounds, Checks checks) {
    }

    Hold take(List<FieldReaders.Reader> readers, Swapper.Parts parts, List<String> notes) {
        requireReaders(readers);
        progress.phase("holding the threads that use the map (" + readers.size() + " methods)", -1);
        Barrier barrier = new Barrier(vm, readers);
        boolean ok = false;
        try {
            MapUsers users = new MapUsers(parts.objects(), parts.classes(), readers);
            List<ThreadReference> released = List.of();
            if (options.unstick() || !barrier.awaitHeld(1, 500)) {
                // A thread looping in the map never reaches the barrier, and may be its only user.
                List<ThreadReference> looping = Unsticker.looping(vm, users, barrier::isHeld);
                if (!looping.isEmpty() && !options.unstick()) {
                    throw new MapraceException(Problem.FIX_MAP_IN_USE, "thread(s) " + looping.stream()
                            .map(ThreadReference::name).toList() + " stay inside the map (looping in a corrupted bin?)"
                            + " — nothing was changed; add --unstick to release them with an exception");
                }
                if (!looping.isEmpty()) {
                    released = Unsticker.release(session, vm, barrier, looping, options.waitForThread(),
                            options.invokeTimeout().toMillis(), notes);
                }
            }
            if (!awaitHeld(barrier)) {
                if (barrier.lost()) {
                    throw new VMDisconnectedException();
                }
                throw new MapraceException(Problem.TIME_BUDGET_EXCEEDED, "no thread used the map within "
                        + options.waitForThread().toSeconds() + " s, and the swap needs one of the application's"
                        + " threads to run on — nothing was changed; retry while the application uses the map");
            }
            long deadline = System.nanoTime() + options.maxPause().toNanos();
            Checks checks = new Checks(barrier.firstHitNanos());
            int rounds = 0;
            while (true) {
                rounds++;
                if (rounds == 1) {
                    barrier.awaitSettled(1, 5);
                } else {
                    sleepMillis(2);
                }
                long start = System.nanoTime();
                MapUsers.Users found = users.look(vm, barrier::isHeld);
                checks.add(start, barrier.held().size(), found);
                if (found.none()) {
                    ok = true;
                    return new Hold(barrier, users, released, barrier.held().size(), rounds, checks);
                }
                if (System.nanoTime() > deadline) {
                    List<String> names = found.all().stream().map(ThreadReference::name).toList();
                    boolean inside = !found.inside().isEmpty();
                    throw new MapraceException(Problem.FIX_MAP_IN_USE, "after " + rounds + " rounds ("
                            + options.maxPause().toMillis() + " ms) thread(s) " + names + " were still "
                            + (inside ? "inside the map" : "using the map where no barrier holds them")
                            + " — nothing was changed; " + (inside && !options.unstick()
                            ? "if they spin in a corrupted bin, add --unstick; else " : "")
                            + "retry, or allow a longer hold with --max-pause");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.FIX_INTERRUPTED, "interrupted before the swap — nothing was changed");
        } finally {
            if (!ok) {
                barrier.close();
            }
        }
    }

    /**
     * What each check found and when, for the hold's account: the first few checks, then a count. Formatted when
     * read, after the hold.
     */
    static final class Checks {
        private static final int SHOWN = 4;
        private final long since;
        private final List<long[]> shown = new java.util.ArrayList<>(); // start, end, held, inside, about to
        private int count;

        Checks(long since) {
            this.since = since;
        }

        void add(long start, int held, MapUsers.Users found) {
            count++;
            if (shown.size() < SHOWN) {
                shown.add(new long[] {start, System.nanoTime(), held, found.inside().size(), found.aboutTo().size()});
            }
        }

        @Override
        public String toString() {
            List<String> parts = new java.util.ArrayList<>();
            for (long[] c : shown) {
                parts.add(String.format("at %.0f ms, %d held, %.0f ms: %s", (c[0] - since) / 1e6, c[2],
                        (c[1] - c[0]) / 1e6, c[3] + c[4] == 0 ? "none inside"
                                : c[3] + " inside, " + c[4] + " about to use it"));
            }
            return count + " (" + String.join("; ", parts) + (count > SHOWN ? "; ..." : "") + ")";
        }
    }

    /** A hold needs a method that reads the map's field: its breakpoint is where the application's threads stop. */
    private static void requireReaders(List<FieldReaders.Reader> readers) {
        if (readers.isEmpty()) {
            throw new MapraceException(Problem.FIX_REFERENCE_NOT_WRITABLE, "no loaded method reads the map's field,"
                    + " so no thread of the application can be held to run the swap — nothing was changed");
        }
    }

    private boolean awaitHeld(Barrier barrier) {
        try {
            return barrier.awaitHeld(1, options.waitForThread().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.FIX_INTERRUPTED, "interrupted before the swap — nothing was changed");
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.FIX_INTERRUPTED, "interrupted before the swap — nothing was changed");
        }
    }

    /**
     * Runs {@code work} before the swap on one application thread held for that alone (the first to reach the
     * barrier, or to enter an application method) and released at once: defining a class and making the
     * replacement take tens to hundreds of milliseconds the map's users should not all wait.
     */
    <T> T onOneThread(List<FieldReaders.Reader> readers, String what, java.util.function.Function<TargetOps, T> work,
                      List<String> notes) {
        requireReaders(readers);
        progress.phase(what, -1);
        try (Barrier prep = new Barrier(vm, readers)) {
            if (!prep.awaitHeld(1, 500) && !prep.holdApplicationThread(options.waitForThread())) {
                throw new MapraceException(Problem.TIME_BUDGET_EXCEEDED, "no thread used the map within "
                        + options.waitForThread().toSeconds() + " s, and the fix needs one of the application's"
                        + " threads to run on — nothing was changed; retry while the application uses the map");
            }
            ThreadReference thread = prep.held().get(0);
            T made = work.apply(new TargetOps(new Invoker(vm, thread, options.invokeTimeout().toMillis() * 5)));
            prep.close();
            notes.add(String.format("%s before the swap: %s held alone for %.0f ms", what, thread.name(),
                    (prep.releasedNanos() - prep.firstHitNanos()) / 1e6));
            return made;
        } catch (Invoker.InvokeTimeout e) {
            throw new MapraceException(Problem.FIX_MAP_IN_USE, e.getMessage() + " — nothing was changed; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.FIX_INTERRUPTED, "interrupted before the swap — nothing was changed");
        }
    }
}
