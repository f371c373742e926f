package io.maprace.probe.fix;

import java.time.Instant;

/**
 * The audit and undo record of one fix, written under {@code ~/.maprace/fixes/} before the first reference in
 * the target changes, and updated as the fix goes on: what, when, by whom, the plan, and how to undo it.
 *
 * @param id the record's name ({@code <time>-<pid>})
 * @param created when the fix started
 * @param user who ran it ({@code user.name})
 * @param pid the target's pid (-1 for a {@code host:port} target)
 * @param target how the target was named
 * @param path the map's path
 * @param plan what was planned
 * @param status {@code swapping} (written before the first reference changed), {@code applied}, {@code failed}
 *               (nothing left changed), {@code undone}
 * @param oldIdentity {@code System.identityHashCode} of the replaced object in the target
 * @param newIdentity the same of the object the holders point at after the fix
 * @param newType that object's class
 * @param result what the swap reported, once done
 * @param updated when the status last changed
 * @param targetStarted when the target process started (local targets; null for a {@code host:port} target and in
 *                      records of earlier versions): a later process may get the same pid, and a fix made in the
 *                      first is not in force in the second
 */
public record FixRecord(String id, Instant created, String user, long pid, String target, String path,
                        FixPlan plan, String status, int oldIdentity, int newIdentity, String newType,
                        FixResult result, Instant updated, Instant targetStarted) {

    public static final String SWAPPING = "swapping";
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String UNDONE = "undone";

    FixRecord with(String newStatus, FixResult newResult) {
        return new FixRecord(id, created, user, pid, target, path, plan, newStatus, oldIdentity, newIdentity,
                newType, newResult == null ? result : newResult, Instant.now(), targetStarted);
    }

    FixRecord identities(int oldId, int newId, String type) {
        return new FixRecord(id, created, user, pid, target, path, plan, status, oldId, newId, type, result,
                Instant.now(), targetStarted);
    }

    /**
     * Whether this fix was made in the process with this pid that started at {@code started} (null: unknown, and
     * then the pid alone decides, as for a record without a start).
     */
    public boolean madeIn(long targetPid, Instant started) {
        return pid == targetPid && (targetStarted == null || started == null || targetStarted.equals(started));
    }

    /** Whether this fix is in force on the map (a second fix on it is refused). */
    public boolean inForce() {
        return status.equals(APPLIED) || status.equals(SWAPPING);
    }
}
