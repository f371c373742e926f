package io.maprace.probe.watch;

import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A field whose maps are watched: every instance ({@code Owner#field}), or only the instances reached by the
 * paths the user named. Write sites are found per field, and the field owns their breakpoints
 * ({@link #breakpoints()}), which {@link #close} deletes.
 *
 * <p>Its state changes only through its own methods: what resolution found (before the watch), what its sites
 * showed, and what its hits showed (on the event thread). {@link #rested()} is also read by the watchdog.
 */
final class WatchedField implements AutoCloseable {

    /** A map reached by a path, and the object holding it (null for a static field). */
    record PathTarget(String path, ObjectReference map, ObjectReference holder) {
    }

    final Field field;
    final boolean ownerIsMap;
    /** Whether the user named a class that is not a JDK map; custom classes are otherwise not watched. */
    private boolean customAllowed;
    private boolean everyInstance;
    /** For every instance named by a path with {@code [*]} steps: that path, the label of its findings. */
    private String everyInstancePath;
    private final Map<Long, PathTarget> paths = new LinkedHashMap<>();
    /** Whether a watched instance can be written by reads (access-ordered or weak): read sites are needed. */
    private boolean readsWrite;
    /** A method among its sites adds to the set and removes from it again: per-call state. */
    private boolean addThenRemove;
    /** Instances of a thread-safe class seen at its sites; after enough, its sites are removed. */
    private int threadSafeSightings;
    private int watchableSightings;
    /** Writes seen since the first proof on this field; -1 before any proof. */
    private int hitsAfterProof = -1;
    /** Proven and seen enough: its breakpoints stay off, it costs nothing more. */
    private volatile boolean rested;
    private final FieldBreakpoints breakpoints = new FieldBreakpoints(this);

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

    // What resolution found, before the watch.

    /** Watches every instance; {@code path} (or null) labels their findings. */
    void watchEveryInstance(String path) {
        everyInstance = true;
        if (path != null) {
            everyInstancePath = path;
        }
    }

    void allowCustom(boolean allowed) {
        customAllowed |= allowed;
    }

    /** Whether its maps may be written by reads (access-ordered, weak); once true, stays true. */
    void mayWriteOnRead(boolean may) {
        readsWrite |= may;
    }

    void addPath(long instance, PathTarget target) {
        paths.put(instance, target);
    }

    boolean everyInstance() {
        return everyInstance;
    }

    boolean customAllowed() {
        return customAllowed;
    }

    boolean hasPaths() {
        return !paths.isEmpty();
    }

    Collection<PathTarget> paths() {
        return Collections.unmodifiableCollection(paths.values());
    }

    /** Whether an instance is watched: every instance, or one reached by a path. */
    boolean watches(long instance) {
        return everyInstance || paths.containsKey(instance);
    }

    String pathOf(long instance) {
        PathTarget p = paths.get(instance);
        return p != null ? p.path() : everyInstancePath;
    }

    // What its sites showed.

    void markAddThenRemove() {
        addThenRemove = true;
    }

    boolean addThenRemove() {
        return addThenRemove;
    }

    boolean readsWrite() {
        return readsWrite;
    }

    // What its hits showed (event thread).

    /** A watched instance turned out to be written by reads: its read sites get breakpoints now. */
    void learnReadsWrite() {
        if (!readsWrite) {
            readsWrite = true;
            breakpoints.installDeferred();
        }
    }

    /**
     * A map at its sites that cannot be watched (thread-safe); returns whether, after {@code limit} such maps and
     * no watchable one, the field should be dropped.
     */
    boolean sawUnwatchable(int limit) {
        return ++threadSafeSightings >= limit && watchableSightings == 0 && paths.isEmpty();
    }

    void sawWatchable() {
        watchableSightings++;
    }

    /** Its first proof: from now on its writes are counted towards resting it. */
    void proven() {
        if (hitsAfterProof < 0) {
            hitsAfterProof = 0;
        }
    }

    /** A write after a proof; returns whether the field has now been seen enough and should rest. */
    boolean writtenAfterProof(int limit) {
        return hitsAfterProof >= 0 && ++hitsAfterProof >= limit && !rested;
    }

    /** Proven and seen enough: its breakpoints go off for the rest of the watch. */
    void rest() {
        rested = true;
        breakpoints.allOff();
    }

    boolean rested() {
        return rested;
    }

    FieldBreakpoints breakpoints() {
        return breakpoints;
    }

    /** Deletes its breakpoints; its sites stay listed for the report. */
    @Override
    public void close() {
        breakpoints.close();
    }
}
