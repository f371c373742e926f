package io.maprace.samples.corrupt;

import java.util.List;

/** Counts threads stuck in a given class. */
final class Spinners {

    private Spinners() {
    }

    /** The threads whose top frame is a method of {@code className}. */
    static long countInside(List<Thread> threads, String className) {
        return threads.stream()
                .map(Thread::getStackTrace)
                .filter(stack -> stack.length > 0 && stack[0].getClassName().equals(className))
                .count();
    }
}
