package io.maprace.probe.fix;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, with every thread of the target stopped, the threads that use the map where the barrier cannot hold
 * them: a frame running on the map itself (its {@code this} is the map or the map inside it), or a frame that has
 * just read the field (the map may be on its operand stack, as the receiver of a call whose arguments are being
 * computed: {@code map.put(k, Integer.valueOf(1))}). A held thread's own barrier frame does not count.
 */
final class MapUsers {

    /** A bytecode read of the field this close before a frame's position may still be in use. */
    private static final int JUST_READ = 16;

    /**
     * @param inside threads running code of the map itself
     * @param aboutTo threads that just read the field
     */
    record Users(List<ThreadReference> inside, List<ThreadReference> aboutTo) {
        boolean none() {
            return inside.isEmpty() && aboutTo.isEmpty();
        }

        List<ThreadReference> all() {
            List<ThreadReference> all = new ArrayList<>(inside);
            all.addAll(aboutTo);
            return all;
        }
    }

    private final Set<ObjectReference> maps;
    private final Set<String> mapClasses;
    private final Map<Method, List<Integer>> reads = new HashMap<>();

    /**
     * @param maps the map and the objects it is made of whose methods count (a set's inner map)
     * @param mapClasses the classes whose frames may run on them (the maps' classes and superclasses)
     */
    MapUsers(Set<ObjectReference> maps, Set<String> mapClasses, List<FieldReaders.Reader> readers) {
        this.maps = maps;
        this.mapClasses = mapClasses;
        for (FieldReaders.Reader r : readers) {
            reads.put(r.method(), r.reads());
        }
    }

    /**
     * Stops every thread the barrier does not hold, one by one, finds the map's users, and resumes what it stopped.
     * Not {@code VirtualMachine.suspend()}: the JDWP agent then pins every object ID it has handed out
     * ({@code commonRef_pinAll}) and unpins them at the resume, and after the plan audited a 1M-entry map that is
     * about 90 ms each way; stopping threads one by one costs a round trip per thread, whatever the heap holds.
     * Once the last thread is stopped they are all stopped at once: the same view as a whole-VM suspension. A
     * thread started after the last listing is taken as a user (the caller looks again).
     */
    Users look(VirtualMachine vm, java.util.function.Predicate<ThreadReference> held) {
        List<ThreadReference> seen = new ArrayList<>();
        List<ThreadReference> stopped = new ArrayList<>();
        try {
            Set<ThreadReference> known = new HashSet<>();
            boolean more = true;
            while (more) { // until a listing shows no thread not seen yet
                more = false;
                for (ThreadReference t : vm.allThreads()) {
                    if (!known.add(t)) {
                        continue;
                    }
                    seen.add(t);
                    more = true;
                    if (!held.test(t)) {
                        stop(t, stopped);
                    }
                }
            }
            Users found = find(seen, held);
            List<ThreadReference> late = new ArrayList<>(vm.allThreads());
            late.removeAll(known);
            if (late.isEmpty()) {
                return found;
            }
            List<ThreadReference> aboutTo = new ArrayList<>(found.aboutTo());
            aboutTo.addAll(late);
            return new Users(found.inside(), aboutTo);
        } finally {
            for (ThreadReference t : stopped) {
                try {
                    t.resume();
                } catch (ObjectCollectedException e) {
                    // it ended meanwhile
                }
            }
        }
    }

    private static void stop(ThreadReference t, List<ThreadReference> stopped) {
        try {
            t.suspend();
            stopped.add(t);
        } catch (ObjectCollectedException e) {
            // it ended since the listing: it holds no frame on the map
        }
    }

    /** Call with every thread of {@code threads} suspended (by the barrier, or stopped by {@link #look}). */
    Users find(List<ThreadReference> threads, java.util.function.Predicate<ThreadReference> held) {
        List<ThreadReference> inside = new ArrayList<>();
        List<ThreadReference> aboutTo = new ArrayList<>();
        for (ThreadReference t : threads) {
            try {
                List<StackFrame> frames = t.frames();
                boolean isHeld = held.test(t);
                for (int i = isHeld ? 1 : 0; i < frames.size(); i++) {
                    StackFrame f = frames.get(i);
                    Location at = f.location();
                    if (mapClasses.contains(at.declaringType().name()) && !at.method().isStatic()
                            && maps.contains(f.thisObject())) {
                        inside.add(t);
                        break;
                    }
                    if (justRead(at)) {
                        aboutTo.add(t);
                        break;
                    }
                }
            } catch (IncompatibleThreadStateException | ObjectCollectedException
                     | com.sun.jdi.InvalidStackFrameException e) {
                // a thread that ended or started meanwhile: it holds no frame on the map
            }
        }
        return new Users(inside, aboutTo);
    }

    private boolean justRead(Location at) {
        List<Integer> r = reads.get(at.method());
        if (r == null) {
            return false;
        }
        long bci = at.codeIndex();
        for (int read : r) {
            if (read < bci && bci - read <= JUST_READ) {
                return true;
            }
        }
        return false;
    }
}
