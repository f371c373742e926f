package io.maprace;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds stacks for tests from "pkg.Class.method:line" strings, innermost first; a trailing "!" = synchronized. */
public final class Stacks {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Stacks() {
    }

    public static CallStack of(String... frames) {
        List<Frame> out = new ArrayList<>();
        for (String f : frames) {
            boolean sync = f.endsWith("!");
            String s = sync ? f.substring(0, f.length() - 1) : f;
            int colon = s.lastIndexOf(':');
            int line = colon > 0 ? Integer.parseInt(s.substring(colon + 1)) : 1;
            String qm = colon > 0 ? s.substring(0, colon) : s;
            int dot = qm.lastIndexOf('.');
            out.add(new Frame(qm.substring(0, dot), qm.substring(dot + 1), line, sync));
        }
        return new CallStack(out, false);
    }

    public static ThreadRef thread(long id) {
        return new ThreadRef(id, "worker-" + id);
    }

    public static StackSample sample(long millis, long threadId, CallStack stack) {
        return new StackSample(T0.plusMillis(millis), thread(threadId), stack);
    }
}
