package io.maprace.model;

import io.maprace.events.Frame;

import java.util.List;

/**
 * A stack that is inside a call to a non-thread-safe map, as seen from the application.
 *
 * @param site the application frame that called the map: where the fix goes
 * @param siteIndex index of {@code site} in the stack
 * @param family the outermost map family entered (a {@code HashSet} even though the work is in its HashMap)
 * @param entry the map method the site called ({@code java.util.HashMap.computeIfAbsent})
 * @param innermost the innermost map frame: where the thread is inside the map's code
 * @param mapFrames the map frames, innermost first
 * @param kind whether the call writes
 * @param lock the lock the call went through, or null: a {@code Collections$SynchronizedMap} frame, or a
 *             {@code synchronized} method between the map and the bottom of the stack
 */
public record MapCall(Frame site, int siteIndex, MapFamily family, Frame entry, Frame innermost,
                      List<Frame> mapFrames, WriteKind kind, String lock) {

    public boolean writes() {
        return kind != WriteKind.READ;
    }

    public boolean locked() {
        return lock != null;
    }
}
