package io.maprace.probe.fix;

import com.sun.jdi.ClassType;
import com.sun.jdi.ReferenceType;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

/** What replaces a map, and the sentence that says why: one place for the choice and its reasons. */
final class Replacements {

    /**
     * Expected hold for a subclass swap: a state move of a dozen fields, whatever the map's size (20-40 ms measured
     * on 2 busy cores, bench/results-fix.md).
     */
    static final long SUBCLASS_PAUSE = 40;
    /** Expected hold for wrapping a map as it is: the wrapper is made before the hold (15-30 ms measured). */
    static final long WRAP_PAUSE = 30;

    /**
     * The hold's share for rebuilding a damaged map of {@code entries} while its users wait: checked, taken and put
     * back inside the target at about 3 µs an entry (bench/results-fix.md: avro's 113k-entry map checked and rebuilt
     * in 299 ms; corpus/RESULTS.md: wro4j-injector's 1.2M nodes in 767 ms).
     */
    static long rebuildMillis(long entries) {
        return Math.max(0, entries) * 3 / 1000;
    }

    private Replacements() {
    }

    static FixPlan.Replacement wrap(ReferenceType type, String family, FixPlan.Health health, boolean set, int refs) {
        String wrapper = set ? "java.util.Collections$SynchronizedSet" : "java.util.Collections$SynchronizedMap";
        String fits = "; the declared type" + (refs > 1 ? "s are" : " is") + " an interface, so the wrapper fits."
                + " A ConcurrentHashMap was not chosen: it refuses null keys and values and loses the order";
        if (health.damaged()) {
            return new FixPlan.Replacement(FixPlan.Strategy.REBUILD_AND_WRAP, wrapper + " around a new "
                    + type.name(), "the map is corrupted (" + health.detail() + "): its distinct reachable entries are"
                    + " put into a new " + simple(type.name()) + " (same class, capacity, load factor"
                    + ("java.util.LinkedHashMap".equals(family) ? ", access order" : "") + ", order"
                    + (Fields.jdk(type.name()) ? "" : ", its own fields") + "), which a"
                    + " synchronized wrapper guards" + fits);
        }
        String keeps = family == null ? "the map itself, its class and behaviour"
                : "the " + simple(family) + " itself: its null keys and values, its order, its "
                + ("java.util.WeakHashMap".equals(family) ? "weak keys" : "entries")
                + " and any subclass behaviour (removeEldestEntry)";
        return new FixPlan.Replacement(FixPlan.Strategy.WRAP, wrapper, "Collections.synchronized" + (set ? "Set" : "Map")
                + " around the existing map keeps " + keeps + ", copies nothing (the pause does not grow with its"
                + " size) and takes every call under one lock" + fits + " and needs a copy");
    }

    static FixPlan.Replacement subclass(ClassType type, FixPlan.Health health, boolean insideSet) {
        String what = insideSet ? "the set's inner " + simple(type.name()) : "the " + simple(type.name());
        return new FixPlan.Replacement(FixPlan.Strategy.SYNCHRONIZED_SUBCLASS,
                "a synchronized subclass of " + type.name() + " defined in the target",
                (insideSet ? "the set keeps its identity (every reference to it stays, found or not); "
                        : "a field is declared with the concrete class, so only a " + simple(type.name())
                        + " fits it; ") + "maprace defines a subclass whose every public operation is synchronized"
                        + " and calls the inherited one, and moves the state of " + what + " into an instance of it"
                        + " (its fields as they are, the same table or tree: the same cost at any size; "
                        + (health.damaged() ? "the map is corrupted, so its entries are rebuilt first"
                        : "rebuilt first if found corrupted while its users are held")
                        + "), keeping " + kept(Planner.family(type)));
    }

    /** What moving the state keeps, for the map's family. */
    private static String kept(String family) {
        String what = switch (family == null ? "" : family) {
            case "java.util.TreeMap" -> "the comparator and the sorted order";
            case "java.util.IdentityHashMap" -> "identity semantics (keys told apart by ==)";
            case "java.util.WeakHashMap" -> "null keys and values and weak keys";
            case "java.util.LinkedHashMap" -> "null keys and values, insertion or access order";
            default -> "null keys and values";
        };
        return what + ", and the fields and overridden methods (removeEldestEntry) of an application subclass";
    }

    /** Refuses a map class no safe subclass can be made of. */
    static void checkSubclassable(ClassType type, String family, FixPlan.Holder holder, String path) {
        if (type.isFinal()) {
            throw new MapraceException(Problem.FIX_NO_SAFE_TYPE, holder.label() + " is declared "
                    + holder.declaredType() + " and holds a " + type.name() + ", a final class: no other class fits"
                    + " the field and none can extend it, so no safe replacement exists — fix " + path
                    + " in the code (or declare the field as Map)");
        }
        String moved = family != null && family.endsWith("HashSet") ? null : family;
        if (!StateMove.movable(moved)) {
            throw new MapraceException(Problem.FIX_REFERENCE_NOT_WRITABLE, holder.label() + " is declared "
                    + holder.declaredType() + ", a concrete class, and maprace can move the state of HashMap,"
                    + " LinkedHashMap, WeakHashMap, TreeMap and IdentityHashMap (and their subclasses) only, not of a "
                    + type.name() + " — fix " + path + " in the code");
        }
    }

    /** Refuses a damaged map whose entries maprace cannot walk: its state would move into the new map as it is. */
    static void checkRebuildable(ClassType type, String family, FixPlan.Health health, String path) {
        if (health.damaged() && !EntryWalk.walkable(family)) {
            throw new MapraceException(Problem.FIX_NO_SAFE_TYPE, path + " is corrupted (" + health.detail()
                    + ") and maprace cannot rebuild a " + type.name() + " (it walks the entries of HashMap,"
                    + " LinkedHashMap and WeakHashMap only) — nothing was changed; restart the application");
        }
    }

    static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
