package io.maprace.probe.watch.sites;

/** Whether a call on a map or set writes it. */
public enum WriteKind {
    /** Always a structural write: {@code put}, {@code remove}, {@code computeIfAbsent}, {@code HashSet.add}... */
    WRITE,
    /** {@code get}/{@code getOrDefault}: a write on an access-ordered {@code LinkedHashMap} (it relinks the entry). */
    ACCESS_ORDER_READ,
    /** A read that expunges stale entries on a {@code WeakHashMap} ({@code get}, {@code size}, {@code isEmpty}...). */
    WEAK_READ;

    /** Whether a call of this kind writes a map of the given runtime shape. */
    public boolean writes(boolean accessOrdered, boolean weak) {
        return switch (this) {
            case WRITE -> true;
            case ACCESS_ORDER_READ -> accessOrdered || weak;
            case WEAK_READ -> weak;
        };
    }
}
