package io.maprace.probe.watch;

import com.sun.jdi.Field;
import com.sun.jdi.LongValue;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;

import io.maprace.events.ThreadRef;

import java.util.HashMap;
import java.util.Map;

/** Translates JDI threads into {@link ThreadRef}s (Java thread id and name), one round trip per thread. */
final class ThreadCache {

    private final Map<Long, ThreadRef> byMirror = new HashMap<>();
    private Field tid;

    synchronized ThreadRef of(ThreadReference thread) {
        ThreadRef known = byMirror.get(thread.uniqueID());
        if (known != null) {
            return known;
        }
        long id = thread.uniqueID();
        String name = "<exited>";
        try {
            name = thread.name();
            // Thread ids in reports are Java thread ids (as JFR and jstack show them), not JDWP object ids.
            if (tid == null) {
                ReferenceType threadClass = thread.referenceType();
                while (threadClass != null && threadClass.fieldByName("tid") == null) {
                    threadClass = ((com.sun.jdi.ClassType) threadClass).superclass();
                }
                tid = threadClass == null ? null : threadClass.fieldByName("tid");
            }
            if (tid != null) {
                Value v = thread.getValue(tid);
                if (v instanceof LongValue l) {
                    id = l.value();
                }
            }
        } catch (ObjectCollectedException e) {
            // thread.name() may throw while the thread exits: keep the JDWP id.
        }
        ThreadRef ref = new ThreadRef(id, name);
        byMirror.put(thread.uniqueID(), ref);
        return ref;
    }
}
