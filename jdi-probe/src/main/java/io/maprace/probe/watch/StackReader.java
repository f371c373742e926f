package io.maprace.probe.watch;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;

import io.maprace.events.Frame;
import io.maprace.model.MapApi;

import java.util.ArrayList;
import java.util.List;

/** Reads a suspended thread's stack in one round trip and translates it into {@link Frame}s. */
final class StackReader {

    static final int MAX_FRAMES = 32;

    private StackReader() {
    }

    static Frame frame(Location location) {
        return new Frame(location.declaringType().name(), location.method().name(), location.lineNumber(),
                location.method().isSynchronized());
    }

    /** The thread's frames, innermost first, at most {@link #MAX_FRAMES}. */
    static List<StackFrame> frames(ThreadReference thread) throws IncompatibleThreadStateException {
        List<StackFrame> all = thread.frames();
        return all.size() > MAX_FRAMES ? all.subList(0, MAX_FRAMES) : all;
    }

    static List<String> sites(List<StackFrame> frames) {
        List<String> out = new ArrayList<>(frames.size());
        for (StackFrame f : frames) {
            out.add(frame(f.location()).site());
        }
        return out;
    }

    /** Whether a class is part of the JDK rather than the application or its libraries (core's one list). */
    static boolean jdkClass(String name) {
        return MapApi.isJdkClass(name);
    }
}
