package io.maprace.samples;

/** Where a thread is, from its stack. */
public final class Stacks {

    private Stacks() {
    }

    /**
     * Whether a frame above the thread's first sample frame ({@code io.maprace.*}) is in a class whose name starts
     * with {@code classPrefix} and, unless {@code method} is null, in that method. Not just the top frame: a thread
     * inside map code may be in a method the map calls (a key's {@code equals} or {@code compareTo}, a static helper
     * of {@code HashMap}).
     */
    public static boolean isInside(StackTraceElement[] stack, String classPrefix, String method) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("io.maprace.")) {
                return false;
            }
            if (frame.getClassName().startsWith(classPrefix)
                    && (method == null || method.equals(frame.getMethodName()))) {
                return true;
            }
        }
        return false;
    }
}
