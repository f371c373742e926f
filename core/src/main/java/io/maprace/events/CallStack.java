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

    /** Frames as site strings, innermost first, at most {@code limit} of them. */
    public List<String> sites(int limit) {
        return frames.stream().limit(limit).map(Frame::site).toList();
    }
}
