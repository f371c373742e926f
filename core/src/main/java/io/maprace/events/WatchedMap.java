package io.maprace.events;

import io.maprace.findings.MapRef;

/**
 * One map instance seen being written, as the report knows it.
 *
 * @param instance the instance's id in the target (JDI unique id)
 * @param type its runtime class ({@code java.util.LinkedHashMap}, {@code com.foo.Lru$1})
 * @param owner binary name of the class declaring the field it was read from
 * @param field that field
 * @param path the path from a static field the user named, or null when watched by field
 * @param traits what makes reads write on it, and what it is
 */
public record WatchedMap(long instance, String type, String owner, String field, String path, MapTraits traits) {

    /** How findings group instances: the path for a map named by path, {@code Owner#field} otherwise. */
    public String group() {
        return path != null ? path : owner + "#" + field;
    }

    public MapRef ref() {
        return new MapRef(type, owner, field, path, instance);
    }

    /** The runtime class without its package: {@code HashMap}, {@code Lru$1}. */
    public String simpleType() {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /**
     * @param jdkBase the JDK map or set class the runtime class is or extends ({@code java.util.LinkedHashMap})
     * @param accessOrdered a {@code LinkedHashMap} built with {@code accessOrder=true}: {@code get} relinks
     * @param weak a {@code WeakHashMap}: reads expunge stale entries
     * @param set a set ({@code HashSet} and kin) rather than a map
     * @param ownerIsMap the field belongs to a class that is itself a {@code Map}: a map hidden inside a custom map
     * @param addThenRemove one method adds an element and removes it again before it returns ({@code try/finally}):
     *                      per-call state
     */
    public record MapTraits(String jdkBase, boolean accessOrdered, boolean weak, boolean set, boolean ownerIsMap,
                            boolean addThenRemove) {
    }
}
