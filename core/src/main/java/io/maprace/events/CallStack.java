package io.maprace.events;

import java.util.List;

/**
 * A stack, innermost frame first. Sources share one instance between the events that have the same stack
 * (JFR pools stack traces), so derived facts can be cached by identity.
 *
 * @param truncated whether the source cut the stack at its depth limit
 */
public record CallStack(List<Frame> frames, boolean truncated) {

    public static final CallStack EMPTY = new CallStack(List.of(), false);

    public CallStack {
        frames = List.copyOf(frames);
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    public Frame top() {
        return frames.isEmpty() ? null : frames.get(0);
    }

    // Written out rather than left to the record (whose methods run through method handles, slow before the
    // optimizing compiler): readers look each stack of each chunk up once.
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof CallStack s && s.truncated == truncated && s.frames.equals(frames);
    }

    @Override
    public int hashCode() {
        return frames.hashCode() * 31 + Boolean.hashCode(truncated);
    }

    /** Frames as site strings, innermost first, at most {@code limit} of them. */
    public List<String> sites(int limit) {
        return frames.stream().limit(limit).map(Frame::site).toList();
    }
}
