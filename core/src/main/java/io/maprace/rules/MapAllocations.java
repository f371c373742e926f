package io.maprace.rules;

import io.maprace.model.MapFamily;

import java.util.Optional;

/**
 * Which sampled allocations the write-group rule reads: a map's own object (where a map is made tells whether it
 * is confined) and a hash map's bucket table (resizes). Every other allocation sample only tells that its thread
 * was allocating, which is all the stuck-run rule asks; sources with millions of them can hand those over as
 * {@link Analysis#plainAllocation} without building an event each.
 */
public final class MapAllocations {

    private MapAllocations() {
    }

    /** A {@code HashMap} bucket table: JFR names arrays by their descriptor; other sources may use the source form. */
    static boolean isTable(String className) {
        return className.equals("[Ljava.util.HashMap$Node;") || className.equals("java.util.HashMap$Node[]");
    }

    /** The map family of an allocated map object, or null (nested classes such as nodes are not maps). */
    static MapFamily familyOf(String className) {
        Optional<MapFamily> f = MapFamily.ofFrameClass(className);
        return f.isEmpty() || className.indexOf('$') >= 0 ? null : f.get();
    }

    /** Whether an allocation of this class says more to the rules than that its thread allocated. */
    public static boolean isRead(String className) {
        return isTable(className) || familyOf(className) != null;
    }

    /** {@link #isRead} of the last class asked about: samples of one class come in runs, its name one string. */
    public static final class LastClass {
        private String last;
        private boolean read;

        public boolean isRead(String className) {
            if (className != last) {
                last = className;
                read = MapAllocations.isRead(className);
            }
            return read;
        }
    }
}
