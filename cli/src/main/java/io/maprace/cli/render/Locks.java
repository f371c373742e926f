package io.maprace.cli.render;

import io.maprace.findings.HeldLock;
import io.maprace.model.MapApi;

/** Locks as every renderer names them, and what a lock's mode means for the writes made under it. */
final class Locks {

    /** Said of a shared lock wherever one is shown: many threads hold a read lock at once. */
    static final String SHARED_NOTE = "does not protect writes";

    private Locks() {
    }

    /**
     * A lock class for a line of text: JDK classes without their package (everyone knows
     * {@code ReentrantReadWriteLock$ReadLock}), application classes in full (their package tells whose lock).
     */
    static String lockClass(String cls) {
        if (cls == null) {
            return "an unknown lock";
        }
        String v = RenderSupport.visible(cls);
        if (MapApi.isJdkClass(v)) {
            return v.substring(v.lastIndexOf('.') + 1);
        }
        return v;
    }

    /** {@code ReentrantReadWriteLock$ReadLock@6021}: the class and the identity that tells two locks apart. */
    static String lock(HeldLock l) {
        String id = l.identity() == null || l.identity().isEmpty() ? "" : "@" + RenderSupport.visible(
                l.identity().startsWith("@") ? l.identity().substring(1) : l.identity());
        return lockClass(l.lockClass()) + id;
    }

    /** Whether writes made under this lock are as unprotected as without it. */
    static boolean isShared(HeldLock l) {
        return l.mode() == HeldLock.Mode.SHARED;
    }

    /** What a held lock's mode means for the writes made under it. */
    static String lockMode(HeldLock l) {
        return switch (l.mode()) {
            case MONITOR -> "monitor";
            case EXCLUSIVE -> "exclusive";
            case SHARED -> "SHARED: " + SHARED_NOTE;
        };
    }
}
