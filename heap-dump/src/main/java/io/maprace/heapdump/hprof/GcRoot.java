package io.maprace.heapdump.hprof;

/**
 * A GC root record of a dump.
 *
 * @param thread the serial number of the thread whose stack or block holds it, or -1
 * @param frame  the frame's depth in that thread's stack (0 = top) for a frame's local; the serial of the thread's
 *               stack trace for {@link Kind#THREAD_OBJECT}; else -1
 */
public record GcRoot(Kind kind, long object, int thread, int frame) {

    /** Root kinds, as the dump names them. */
    public enum Kind {
        UNKNOWN, JNI_GLOBAL, JNI_LOCAL, JAVA_FRAME, NATIVE_STACK, THREAD_BLOCK, MONITOR_USED, THREAD_OBJECT
    }
}
