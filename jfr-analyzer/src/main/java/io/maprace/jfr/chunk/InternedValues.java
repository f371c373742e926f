package io.maprace.jfr.chunk;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.ThreadRef;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One instance of each thread, frame and stack for all the chunks of a file, shared by the decoding threads. Every
 * chunk pools its own copies, and the rules key their state by these values for each of millions of samples:
 * with one instance, an equality test is an identity test, a stack classified in one chunk is known in the next,
 * and a frame's names are built once. Bounded: past {@link #MAX} values of a kind, new ones are used as they are.
 */
public final class InternedValues {

    static final int MAX = 100_000;

    private final ConcurrentMap<ThreadRef, ThreadRef> threads = new ConcurrentHashMap<>();
    private final ConcurrentMap<Frame, Frame> frames = new ConcurrentHashMap<>();
    private final ConcurrentMap<CallStack, CallStack> stacks = new ConcurrentHashMap<>();

    ThreadRef thread(ThreadRef t) {
        return intern(threads, t);
    }

    Frame frame(Frame f) {
        return intern(frames, f);
    }

    CallStack stack(CallStack s) {
        return intern(stacks, s);
    }

    private static <T> T intern(ConcurrentMap<T, T> values, T value) {
        T known = values.get(value);
        if (known != null) {
            return known;
        }
        if (values.size() >= MAX) {
            return value;
        }
        known = values.putIfAbsent(value, value);
        return known == null ? value : known;
    }
}
