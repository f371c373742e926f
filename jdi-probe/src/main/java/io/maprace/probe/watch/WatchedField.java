package io.maprace.probe.watch;

import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;

import io.maprace.probe.watch.sites.FieldRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A field whose maps are watched: every instance ({@code Owner#field}), or only the instances reached by the
 * paths the user named. Write sites are found per field.
 */
final class WatchedField {

    /** A map reached by a path, and the object holding it (null for a static field). */
    record PathTarget(String path, ObjectReference map, ObjectReference holder) {
    }

    final Field field;
    final boolean ownerIsMap;
    /** Whether the user named a class that is not a JDK map; custom classes are otherwise not watched. */
    boolean customAllowed;
    boolean everyInstance;
    /** For every instance named by a path with {@code [*]} steps: that path, the label of its findings. */
    String everyInstancePath;
    final Map<Long, PathTarget> paths = new LinkedHashMap<>();
    /** Whether a watched instance can be written by reads (access-ordered or weak): read sites are needed. */
    boolean readsWrite;
    /** Instances of a thread-safe class seen at its sites; after enough, its sites are removed. */
    int threadSafeSightings;
    /** Writes seen since the first proof on this field; -1 before any proof. */
    int hitsAfterProof = -1;
    /** Proven and seen enough: its breakpoints stay off, it costs nothing more. */
    boolean rested;
    /** A method among its sites adds to the set and removes from it again: per-call state. */
    boolean addThenRemove;
    int watchableSightings;

    WatchedField(Field field, boolean ownerIsMap) {
        this.field = field;
        this.ownerIsMap = ownerIsMap;
    }

    String owner() {
        return field.declaringType().name();
    }

    String name() {
        return field.name();
    }

    String label() {
        return owner() + "#" + name();
    }

    boolean matches(FieldRef ref) {
        return ref.name().equals(name());
    }

    /** Whether an instance is watched: every instance, or one reached by a path. */
    boolean watches(long instance) {
        return everyInstance || paths.containsKey(instance);
    }

    String pathOf(long instance) {
        PathTarget p = paths.get(instance);
        return p != null ? p.path() : everyInstancePath;
    }
}
