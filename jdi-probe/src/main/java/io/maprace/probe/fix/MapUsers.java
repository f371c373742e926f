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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, with every thread of the target suspended, the threads that use the map where the barrier cannot hold
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

    /** Call with the whole target suspended. */
    Users find(VirtualMachine vm, java.util.function.Predicate<ThreadReference> held) {
        List<ThreadReference> inside = new ArrayList<>();
        List<ThreadReference> aboutTo = new ArrayList<>();
        for (ThreadReference t : vm.allThreads()) {
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
