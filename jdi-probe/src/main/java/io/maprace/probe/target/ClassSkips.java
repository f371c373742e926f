package io.maprace.probe.target;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The classes (and methods) a pass over the target's classes (the write-site scan, the heap walk) left out, counted by reason. Reads of arbitrary target classes
 * go through {@link #read}: a failure that concerns the class is counted and answered with null, so one
 * unreadable class never ends the watch. A disconnected VM still ends it.
 */
public final class ClassSkips {

    private final Map<SkipReason, Long> classes = new EnumMap<>(SkipReason.class);
    private long methods;

    /** The value read, or null (counted) when the class cannot be read. */
    public synchronized <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            SkipReason why = SkipReason.of(e);
            if (why == null) {
                throw e;
            }
            count(why);
            return null;
        }
    }

    public synchronized void count(SkipReason why) {
        classes.merge(why, 1L, Long::sum);
    }

    /** A method whose bytecode could not be analysed; its class's other methods were. */
    public synchronized void method() {
        methods++;
    }

    public synchronized long classes() {
        return classes.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long skipped(SkipReason why) {
        return classes.getOrDefault(why, 0L);
    }

    public synchronized long methods() {
        return methods;
    }

    /** Counts by reason, for the report: {@code {"unloaded": 2}}. */
    public synchronized Map<String, Long> byReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        classes.forEach((k, v) -> out.put(k.key(), v));
        return out;
    }
}
