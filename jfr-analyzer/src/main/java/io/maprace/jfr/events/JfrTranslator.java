package io.maprace.jfr.events;

import io.maprace.events.AllocationSample;
import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadDumpText;
import io.maprace.events.ThreadRef;
import io.maprace.events.ThrownException;
import io.maprace.rules.MapAllocations;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link RecordedEvent}s into maprace's observed events. JFR pools stack traces and threads per chunk
 * and hands out one object per pooled value, so translations are cached by identity: a stack shared by
 * thousands of samples is translated once. The pooled objects live as long as their chunk, across its flushes,
 * so the caches are kept across segments and only bounded in size.
 *
 * <p>The fields of the frequent events (execution and allocation samples) are read with one lookup each:
 * {@code RecordedEvent}'s typed getters scan the fields twice, which cost more than the JDK's parsing of them.
 */
public final class JfrTranslator {

    private final Map<RecordedStackTrace, CallStack> stacks = new IdentityHashMap<>();
    private final Map<RecordedThread, ThreadRef> threads = new IdentityHashMap<>();
    /** {@link RecordedClass#getName()} builds a new string per call. */
    private final Map<RecordedClass, String> classNames = new IdentityHashMap<>();
    private final MapAllocations.LastClass allocatedClasses = new MapAllocations.LastClass();

    /** The event as maprace sees it, or null for events that are not about threads, maps or locks. */
    public ObservedEvent translate(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case JfrEventNames.EXECUTION_SAMPLE:
                return new StackSample(e.getStartTime(), thread(field(e, "sampledThread")),
                        stack(field(e, "stackTrace")));
            case JfrEventNames.MONITOR_ENTER:
                return lockWait(e, LockWait.Kind.MONITOR_ENTER, "monitorClass", "previousOwner");
            case JfrEventNames.MONITOR_WAIT:
                return lockWait(e, LockWait.Kind.MONITOR_WAIT, "monitorClass", null);
            case JfrEventNames.THREAD_PARK:
                return lockWait(e, LockWait.Kind.PARK, "parkedClass", null);
            case JfrEventNames.EXCEPTION_THROW:
            case JfrEventNames.ERROR_THROW: {
                RecordedClass thrown = e.getClass("thrownClass");
                return new ThrownException(e.getStartTime(), thread(e.getThread()),
                        thrown == null ? "?" : thrown.getName(), e.getString("message"), stack(e.getStackTrace()));
            }
            case JfrEventNames.THREAD_DUMP:
                return new ThreadDumpText(e.getStartTime(), e.getString("result"));
            case JfrEventNames.ALLOCATION_SAMPLE:
            case JfrEventNames.ALLOCATION_NEW_TLAB:
            case JfrEventNames.ALLOCATION_OUTSIDE_TLAB: {
                RecordedClass c = field(e, "objectClass");
                if (c == null) {
                    return null;
                }
                String name = className(c);
                // The stack of an allocation no rule reads is never looked at: not resolved, as the lean reader
                // does not resolve it (a damaged frame there would stop this reader and not the other).
                return new AllocationSample(e.getStartTime(), thread(field(e, "eventThread")), name,
                        allocatedClasses.isRead(name) ? stack(field(e, "stackTrace")) : CallStack.EMPTY);
            }
            default:
                return null;
        }
    }

    private ObservedEvent lockWait(RecordedEvent e, LockWait.Kind kind, String classField, String holderField) {
        RecordedClass lockClass = e.hasField(classField) ? e.getClass(classField) : null;
        RecordedThread holder = holderField != null && e.hasField(holderField) ? e.getThread(holderField) : null;
        long address = e.hasField("address") ? e.getLong("address") : 0;
        return new LockWait(kind, e.getStartTime(), e.getDuration(), thread(e.getThread()),
                holder == null ? null : thread(holder), lockClass == null ? "?" : lockClass.getName(), address,
                stack(e.getStackTrace()));
    }

    /** The field's value, or null when the event has no such field (as the typed getters answer). */
    private static <T> T field(RecordedEvent e, String name) {
        try {
            return e.getValue(name);
        } catch (IllegalArgumentException noSuchField) {
            return null;
        }
    }

    private String className(RecordedClass c) {
        return classNames.computeIfAbsent(c, RecordedClass::getName);
    }

    public ThreadRef thread(RecordedThread t) {
        if (t == null) {
            return new ThreadRef(-1, "<unknown>");
        }
        return threads.computeIfAbsent(t, r -> {
            String name = r.getJavaName() != null ? r.getJavaName() : r.getOSName();
            long id = r.getJavaThreadId() > 0 ? r.getJavaThreadId() : -r.getOSThreadId();
            return new ThreadRef(id, name);
        });
    }

    public CallStack stack(RecordedStackTrace st) {
        if (st == null) {
            return CallStack.EMPTY;
        }
        return stacks.computeIfAbsent(st, JfrTranslator::translateStack);
    }

    private static CallStack translateStack(RecordedStackTrace st) {
        List<RecordedFrame> frames = st.getFrames();
        List<Frame> out = new ArrayList<>(frames.size());
        for (RecordedFrame f : frames) {
            if (!f.isJavaFrame()) {
                continue;
            }
            RecordedMethod m = f.getMethod();
            String cls = m.getType() == null ? "?" : m.getType().getName();
            out.add(new Frame(cls, m.getName(), f.getLineNumber(), Modifier.isSynchronized(m.getModifiers())));
        }
        return new CallStack(out, st.isTruncated());
    }

    /** Past this many cached stacks, older chunks' objects are dropped so memory stays bounded. */
    private static final int MAX_CACHED = 50_000;

    /** A segment ended: its objects may be reused by the next one, so caches are kept unless too large. */
    public void segmentEnd() {
        if (stacks.size() > MAX_CACHED || threads.size() > MAX_CACHED || classNames.size() > MAX_CACHED) {
            stacks.clear();
            threads.clear();
            classNames.clear();
        }
    }
}
