package io.maprace.model;

/**
 * Whether a map call modifies the map's structure: judged from a stack's map frames (recordings) or from a call
 * site's method name (live watch), where the runtime map may not be known yet.
 */
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
    /**
     * {@code get}/{@code getOrDefault}: a write on an access-ordered {@code LinkedHashMap} (it relinks the entry)
     * and on a {@code WeakHashMap}, which one frame or one call site may not show.
     */
    MAYBE_HIDDEN_WRITE,
    /** A read that writes a {@code WeakHashMap} only (it expunges stale entries): {@code size}, {@code isEmpty}... */
    EXPUNGING_READ;

    /** Whether a call of this kind writes a map of the given runtime shape. */
    public boolean writes(boolean accessOrdered, boolean weak) {
        return switch (this) {
            case WRITE, HIDDEN_WRITE -> true;
            case MAYBE_HIDDEN_WRITE -> accessOrdered || weak;
            case EXPUNGING_READ -> weak;
            case READ -> false;
        };
    }
}
