package io.maprace.probe.fix;

import com.sun.jdi.ClassLoaderReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.ObjectReference;

import java.util.List;

/**
 * What the swap of a map needs that can be made before its users are held: the synchronized subclass, defined in
 * the target, and an instance of it holding the map's final fields; or the synchronized wrapper around the map;
 * the identity hashes of the map and of its replacement, which the undo record names; and a first look at the
 * map's entries inside the target ({@link InsideWalk}), which says whether to look again while they wait. Made on one thread
 * ({@link ThreadHold#onOneThread}), this leaves the hold of every user to the moves and writes that must happen
 * while no thread is inside the map. A map found damaged under the hold is rebuilt there instead, and then gets a
 * replacement of its own.
 */
record Preparation(TargetOps ops, ClassType sync, ObjectReference replacement, int oldIdentity, int newIdentity,
                   InsideWalk.Survey early) {

    /** For a map moved into a synchronized subclass of its own class. */
    static Preparation subclass(TargetOps ops, ClassType mapClass, FixTarget target) {
        String name = SyncSubclass.nameFor(mapClass);
        byte[] bytes = SyncSubclass.bytes(name.replace('.', '/'), mapClass.name().replace('.', '/'),
                SyncSubclass.operations(mapClass));
        ClassLoaderReference loader = mapClass.classLoader() != null ? mapClass.classLoader()
                : target.barrierFields().get(0).declaringType().classLoader();
        ClassType sync = ops.define(name, bytes, loader);
        InsideWalk.Survey early = InsideWalk.prepare(ops, target.map());
        ObjectReference moved = StateMove.withFinals(ops, sync, target.map());
        return new Preparation(ops, sync, moved, ops.identityHash(target.map()), ops.identityHash(moved), early)
                .located(target);
    }

    /** For a map (or set) wrapped as it is by {@code Collections.synchronizedMap} (or {@code synchronizedSet}). */
    static Preparation wrapper(TargetOps ops, FixTarget target, boolean set) {
        ObjectReference wrapper = wrap(ops, target.map(), set);
        InsideWalk.Survey early = InsideWalk.prepare(ops, target.map());
        return new Preparation(ops, null, wrapper, ops.identityHash(target.map()), ops.identityHash(wrapper), early)
                .located(target);
    }

    /** Finds where each final field holding the map lives, so that rewriting it under the hold is one call. */
    private Preparation located(FixTarget target) {
        for (FixTarget.Ref r : target.refs()) {
            if (r.field() != null && r.field().isFinal()) {
                ops.locate(r.field());
            }
        }
        return this;
    }

    static ObjectReference wrap(TargetOps ops, ObjectReference content, boolean set) {
        return Invoker.created(() -> (ObjectReference) ops.invoker().callStatic("java.util.Collections",
                set ? "synchronizedSet" : "synchronizedMap",
                set ? "(Ljava/util/Set;)Ljava/util/Set;" : "(Ljava/util/Map;)Ljava/util/Map;", List.of(content)));
    }
}
