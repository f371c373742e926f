package io.maprace.probe.scan;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import io.maprace.model.MapFamily;
import io.maprace.progress.Progress;
import io.maprace.probe.target.HsPerfData;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** The instances found and what the walks cost. */
    record Result(List<ObjectReference> unreached, long total, double longestPauseMillis, int walks) {
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
    static Result run(VirtualMachine vm, java.util.Map<String, Long> reachedPerType, java.util.Set<Long> reached,
                      int maxPerClass, Progress progress) {
        List<ReferenceType> types = new ArrayList<>();
        for (ReferenceType t : vm.allClasses()) {
            try {
                if (t.isPrepared() && t instanceof com.sun.jdi.ClassType && MapFamily.ofClassChain(chain(t)) != null) {
                    types.add(t);
                }
            } catch (com.sun.jdi.ObjectCollectedException e) {
                // unloaded since the listing: no instances left to count
            }
        }
        long start = System.nanoTime();
        long[] counts = vm.instanceCounts(types);
        double longest = (System.nanoTime() - start) / 1e6;
        int walks = 1;
        long total = 0;
        List<ObjectReference> unreached = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            total += counts[i];
            if (counts[i] <= reachedPerType.getOrDefault(types.get(i).name(), 0L)) {
                continue;
            }
            progress.note(String.format("heap walk: %d instances of %s, %d reached from static fields",
                    counts[i], types.get(i).name(), reachedPerType.getOrDefault(types.get(i).name(), 0L)));
            start = System.nanoTime();
            List<ObjectReference> instances = types.get(i).instances(maxPerClass);
            longest = Math.max(longest, (System.nanoTime() - start) / 1e6);
            walks++;
            for (ObjectReference o : instances) {
                if (!reached.contains(o.uniqueID())) {
                    unreached.add(o);
                }
            }
        }
        return new Result(unreached, total, longest, walks);
    }

    private static List<String> chain(ReferenceType t) {
        List<String> names = new ArrayList<>();
        ReferenceType c = t;
        while (c != null) {
            names.add(c.name());
            c = c instanceof com.sun.jdi.ClassType ct ? ct.superclass() : null;
        }
        return names;
    }
}
