package io.maprace.samples.corrupt;

import io.maprace.samples.Stacks;

import java.util.List;

/** Counts threads stuck in a given method. */
final class Spinners {

    private Spinners() {
    }

    /** The threads in {@code className.method} (see {@link Stacks#isInside}). */
    static long countInside(List<Thread> threads, String className, String method) {
        return threads.stream().filter(t -> Stacks.isInside(t.getStackTrace(), className, method)).count();
    }
}
