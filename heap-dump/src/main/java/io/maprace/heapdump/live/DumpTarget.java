package io.maprace.heapdump.live;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** A local JVM that can be asked for a heap dump: the Attach API and its hsperfdata counters, as the caller reaches them. */
public interface DumpTarget {

    /** {@code pid 1234 (com.foo.Main, JDK 17)}. */
    String label();

    /** Bytes of heap in use now, when the JVM publishes it. */
    OptionalLong usedHeapBytes();

    /** Total time the JVM has spent at safepoints so far, when it publishes it. */
    OptionalDouble safepointMillis();

    /** Runs a diagnostic command ({@code GC.heap_dump FILE}) and returns its output. */
    String jcmd(String command, Duration timeout);
}
