package io.maprace.model;

/** Whether a map call modifies the map's structure. */
public enum WriteKind {
    /** A read that changes nothing. */
    READ,
    /** A plain write: put, remove, add, clear, compute... */
    WRITE,
    /**
     * A read-looking call that writes: {@code get} on an access-ordered LinkedHashMap (relinks the entry), any
     * WeakHashMap call (expunges stale entries).
     */
    HIDDEN_WRITE,
    /** {@code LinkedHashMap.get}: a write only if the map is access-ordered, which one frame may not show. */
    MAYBE_HIDDEN_WRITE
}
