package io.maprace.events;

import io.maprace.findings.Evidence;
import io.maprace.findings.HeldLock;

import java.time.Instant;
import java.util.List;

/**
 * One write to a watched map seen at a breakpoint, translated out of JDI.
 *
 * @param site the application frame that called the map ({@code com.foo.Factory.get(Factory.java:31)})
 * @param operation the map method ({@code HashMap.put}, {@code LinkedHashMap.get (access order)})
 * @param stack frames as sites, innermost first; empty when this write was only counted
 * @param locks the locks the thread held; null when this write was only counted, not inspected
 */
public record WriteEvent(WatchedMap map, ThreadRef thread, Instant time, String site, String operation,
                         List<String> stack, List<HeldLock> locks) {

    public WriteEvent {
        stack = List.copyOf(stack);
        locks = locks == null ? null : List.copyOf(locks);
    }

    public boolean inspected() {
        return locks != null;
    }

    public Evidence.ObservedWrite evidence() {
        return new Evidence.ObservedWrite(thread, time, operation, stack, locks == null ? List.of() : locks);
    }
}
