package io.maprace.probe.fix;

import java.util.List;

/**
 * What {@code maprace fix} will do to one map, decided before anything in the target changes: shown by
 * {@code --dry-run}, confirmed by the user, and kept in the fix's audit record.
 *
 * @param map the map named by {@code --map}
 * @param holders every reference to it maprace found and will rewrite
 * @param replacement what takes its place, and why
 * @param expectedPauseMillis how long the threads that use the map may be held
 * @param cannotFix what a swap leaves as it is
 * @param notes other things the user should know (references not searched, a health check cut short)
 */
public record FixPlan(MapInfo map, List<Holder> holders, Replacement replacement, long expectedPauseMillis,
                      List<String> cannotFix, List<String> notes) {

    public FixPlan {
        holders = List.copyOf(holders);
        cannotFix = List.copyOf(cannotFix);
        notes = List.copyOf(notes);
    }

    /**
     * @param path the path the user named
     * @param type the map's runtime class
     * @param family the JDK class it is or extends ({@code java.util.HashMap}), or null for a custom map
     * @param health what reading its internals found
     */
    public record MapInfo(String path, String type, String family, Health health) {
    }

    /**
     * What reading the map's fields (never its methods) found.
     *
     * @param checked whether every entry could be read (false: too large, or a kind maprace cannot walk)
     * @param damaged whether the structure is corrupted (then the entries are rebuilt, never copied as is)
     * @param sizeField the map's own {@code size} field
     * @param entries distinct entries reachable from its table
     * @param detail what is wrong, or why it was not checked; empty when healthy
     */
    public record Health(boolean checked, boolean damaged, int sizeField, int entries, String detail) {
    }

    /**
     * A reference to the map.
     *
     * @param owner the class declaring the field
     * @param field the field
     * @param isStatic a static field (else a field of the object the path went through)
     * @param isFinal a final field: written through {@code Unsafe} after maprace checks the type itself
     * @param declaredType the field's declared type, which the replacement must be assignable to
     * @param foundBy how maprace found it ({@code path}, {@code static field}, {@code heap})
     */
    public record Holder(String owner, String field, boolean isStatic, boolean isFinal, String declaredType,
                         String foundBy) {
        public String label() {
            return owner + "." + field;
        }
    }

    /** How the map is made safe. */
    public enum Strategy {
        /** The holders get a synchronized wrapper around the map itself: nothing copied, every semantic kept. */
        WRAP,
        /** The map is damaged: its entries are rebuilt into a new map of its class, wrapped as above. */
        REBUILD_AND_WRAP,
        /**
         * A field declared with the concrete class: a subclass whose operations are synchronized is defined in the
         * target and the map's state moved into an instance of it (rebuilt first when damaged). For a HashSet, its
         * inner map is replaced so: the set itself, and every reference to it, stay.
         */
        SYNCHRONIZED_SUBCLASS
    }

    /**
     * @param strategy how
     * @param type the class the holders will point at
     * @param reason why this replacement (what it keeps, what it costs)
     */
    public record Replacement(Strategy strategy, String type, String reason) {
    }
}
