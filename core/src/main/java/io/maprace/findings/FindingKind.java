package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a finding is about. The JSON names are part of the stable report format. */
public enum FindingKind {
    STUCK_IN_MAP("stuck-in-map", "Threads stuck or spinning inside map internals"),
    CONCURRENT_WRITERS("concurrent-writers", "A write site executed by several threads at the same moment"),
    HIDDEN_WRITE("hidden-write", "A read-looking call that writes, executed by several threads at once"),
    PER_CALL_STATE("per-call-state", "Per-call state kept in a shared set or map"),
    MAP_EXCEPTION("map-exception", "An exception thrown from inside map code"),
    LOCK_CONTENTION("lock-contention", "Threads blocked on a lock held by another thread"),
    LOCK_CYCLE("lock-cycle", "Threads waiting on each other's locks in a cycle"),
    CORRUPTED_MAP("corrupted-map", "A map whose internal structure is broken"),
    SHARED_MAP("shared-map", "A non-thread-safe map reachable by several threads"),
    UNSAFE_WRITES("unsafe-writes", "Writes to one map from several threads without a common exclusive lock");

    private final String label;
    private final String title;

    FindingKind(String label, String title) {
        this.label = label;
        this.title = title;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public String title() {
        return title;
    }
}
