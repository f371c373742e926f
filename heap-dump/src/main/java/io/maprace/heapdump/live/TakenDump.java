package io.maprace.heapdump.live;

import java.nio.file.Path;

/**
 * A heap dump written by a live JVM into a private directory.
 *
 * @param writeSeconds what the JVM says the dump took ({@code Heap dump file created [N bytes in S secs]}), or -1
 * @param pauseMillis  the JVM's safepoint time while the command ran (the full GC and the dump), or the command's
 *                     wall time when the JVM publishes no counters
 * @param pauseMeasured true when pauseMillis comes from the JVM's safepoint counters
 */
public record TakenDump(Path file, Path directory, long bytes, double writeSeconds, double pauseMillis,
                        boolean pauseMeasured, double wallMillis) {
}
