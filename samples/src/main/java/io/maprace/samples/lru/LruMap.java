package io.maprace.samples.lru;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An access-ordered {@link LinkedHashMap} that evicts its eldest entry past {@code maxSize}: the usual LRU map.
 * Note that in access order {@link #get} is a structural write: it moves the entry to the tail of the list.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {

    private final int maxSize;
    private long evictions;

    public LruMap(int maxSize) {
        super(16, 0.75f, true);
        this.maxSize = maxSize;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > maxSize) {
            evictions++; // called from put, so under whatever lock guards put
            return true;
        }
        return false;
    }

    public int maxSize() {
        return maxSize;
    }

    /** Entries evicted so far. */
    public long evictions() {
        return evictions;
    }
}
