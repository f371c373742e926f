package io.maprace.probe.watch;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import io.maprace.events.Frame;
import io.maprace.model.MapApi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The target's running threads found inside map code at one moment: what a watch that saw no write says about
 * where the writers are. A map damaged into a cycle keeps its users spinning in a lookup forever (wro4j's issue 740,
 * an endless loop in production): once every writer is in it, no write is left to catch. Each thread is suspended
 * only while its top frames are read, and resumed whatever happens.
 */
final class ThreadsInMaps {

    /** Enough frames to pass a map method's own helpers ({@code getNode} under {@code get}). */
    private static final int TOP_FRAMES = 4;

    private ThreadsInMaps() {
    }

    /** Thread names by the map method they were found in (its innermost map frame), both sorted. */
    static Map<String, List<String>> look(VirtualMachine vm) {
        Map<String, List<String>> byMethod = new TreeMap<>();
        List<ThreadReference> threads;
        try {
            threads = vm.allThreads();
        } catch (VMDisconnectedException e) {
            return byMethod;
        }
        for (ThreadReference t : threads) {
            try {
                if (t.status() != ThreadReference.THREAD_STATUS_RUNNING) {
                    continue; // a thread spinning in a map runs; one blocked or waiting is elsewhere
                }
                String method = mapMethod(t);
                if (method != null) {
                    byMethod.computeIfAbsent(method, k -> new ArrayList<>()).add(t.name());
                }
            } catch (ObjectCollectedException | IncompatibleThreadStateException e) {
                // the thread ended meanwhile
            } catch (VMDisconnectedException e) {
                break;
            }
        }
        byMethod.values().forEach(names -> names.sort(null));
        return byMethod;
    }

    private static String mapMethod(ThreadReference t) throws IncompatibleThreadStateException {
        t.suspend();
        try {
            int n = Math.min(TOP_FRAMES, t.frameCount());
            List<StackFrame> frames = n == 0 ? List.of() : t.frames(0, n);
            for (StackFrame f : frames) {
                Frame frame = StackReader.frame(f.location());
                if (MapApi.isMapFrame(frame)) {
                    return frame.className() + "." + frame.method();
                }
            }
            return null;
        } finally {
            t.resume();
        }
    }
}
