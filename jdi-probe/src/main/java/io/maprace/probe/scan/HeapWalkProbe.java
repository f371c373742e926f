package io.maprace.probe.scan;

import com.sun.jdi.ClassType;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import io.maprace.model.MapFamily;
import io.maprace.progress.Progress;
import io.maprace.probe.target.ClassSkips;
import io.maprace.probe.target.HsPerfData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The optional JVMTI heap walk ({@code --heap-walk}): counts the instances of every map class in the heap and
 * fetches those the walk from static fields did not reach (held only by a stack, or by JDK internals). Each JVMTI
 * heap walk is a stop-the-world operation over the whole heap: measured at 4.4 s for a 3 GB heap and 6.8 s for a
 * 1.8 GB one on two cores. The user asks for it explicitly; it says the cost before, and measures each pause.
 */
final class HeapWalkProbe {

    /** Seconds of pause per GB of used heap, low and high ends of what was measured. */
    static final double LOW_SECONDS_PER_GB = 1.5;
    static final double HIGH_SECONDS_PER_GB = 3.8;

    /**
     * The instances found, what the walks cost, and the map classes left out (unloaded meanwhile, not prepared,
     * or refused by the JVM), counted by reason.
     */
    record Result(List<ObjectReference> unreached, long total, double longestPauseMillis, int walks,
                  Map<String, Long> skipped) {
    }

    private HeapWalkProbe() {
    }

    /** The estimate said to the user before a heap walk. */
    static String costNote(Optional<HsPerfData> perf) {
        Optional<Long> used = perf.flatMap(HsPerfData::heapUsedBytes);
        String size = used.map(b -> String.format("%d MB of used heap", b >> 20)).orElse("an unknown heap size");
        String estimate = used.map(b -> String.format(" (about %.0f-%.0f ms each here)",
                b / 1e6 * LOW_SECONDS_PER_GB, b / 1e6 * HIGH_SECONDS_PER_GB)).orElse("");
        return "--heap-walk: each JVMTI heap walk stops every thread of the target for about "
                + LOW_SECONDS_PER_GB + "-" + HIGH_SECONDS_PER_GB + " s per GB of used heap; the target has " + size
                + estimate + "; maprace does one to count map instances and one per map class with instances the "
                + "walk from static fields did not reach";
    }

    /**
     * @param reachedPerType maps of each class the static walk already reached
     * @param reached ids of the objects it reached
     */
    static Result run(VirtualMachine vm, Map<String, Long> reachedPerType, Set<Long> reached, int maxPerClass,
                      Progress progress) {
        // Every call about one class may fail for that class alone (a real JVM unloads and prepares classes all
        // the time): it is skipped and counted, never the scan.
        ClassSkips skips = new ClassSkips();
        List<ReferenceType> types = new ArrayList<>();
        for (ReferenceType t : vm.allClasses()) {
            Boolean map = skips.read(() -> t.isPrepared() && t instanceof ClassType
                    && MapFamily.ofClassChain(chain(t)) != null);
            if (Boolean.TRUE.equals(map)) {
                types.add(t);
            }
        }
        long start = System.nanoTime();
        long[] counts = skips.read(() -> vm.instanceCounts(types));
        double longest = (System.nanoTime() - start) / 1e6;
        int walks = 1;
        if (counts == null) {
            // one class unloaded since the listing spoils the whole request: count them one by one
            counts = new long[types.size()];
            for (int i = 0; i < types.size(); i++) {
                ReferenceType t = types.get(i);
                long[] one = skips.read(() -> vm.instanceCounts(List.of(t)));
                counts[i] = one == null ? 0 : one[0];
            }
        }
        long total = 0;
        List<ObjectReference> unreached = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            ReferenceType type = types.get(i);
            total += counts[i];
            long fromStatics = reachedPerType.getOrDefault(type.name(), 0L);
            if (counts[i] <= fromStatics) {
                continue;
            }
            progress.note(String.format("heap walk: %d instances of %s, %d reached from static fields",
                    counts[i], type.name(), fromStatics));
            start = System.nanoTime();
            List<ObjectReference> instances = skips.read(() -> type.instances(maxPerClass));
            longest = Math.max(longest, (System.nanoTime() - start) / 1e6);
            walks++;
            for (ObjectReference o : instances == null ? List.<ObjectReference>of() : instances) {
                if (!reached.contains(o.uniqueID())) {
                    unreached.add(o);
                }
            }
        }
        return new Result(unreached, total, longest, walks, skips.byReason());
    }

    private static List<String> chain(ReferenceType t) {
        List<String> names = new ArrayList<>();
        ReferenceType c = t;
        while (c != null) {
            names.add(c.name());
            c = c instanceof ClassType ct ? ct.superclass() : null;
        }
        return names;
    }
}
