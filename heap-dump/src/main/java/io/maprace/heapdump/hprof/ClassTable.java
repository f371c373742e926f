package io.maprace.heapdump.hprof;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The dump's classes by id, looked up for every object read. Ids are addresses whose low bits are zero: in a
 * {@code HashMap<Long, ...>} they share buckets; here they are mixed first (open addressing, read-only once
 * built, so any thread may read).
 */
final class ClassTable {

    private final long[] keys;
    private final ClassInfo[] values;
    private final int mask;
    private final List<ClassInfo> all;

    ClassTable(Map<Long, ClassInfo> classes) {
        int capacity = Integer.highestOneBit(Math.max(4, classes.size() * 3)) << 1;
        keys = new long[capacity];
        values = new ClassInfo[capacity];
        mask = capacity - 1;
        for (Map.Entry<Long, ClassInfo> e : classes.entrySet()) {
            int i = slot(e.getKey());
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = e.getKey();
            values[i] = e.getValue();
        }
        all = List.copyOf(classes.values());
        for (int i = 0; i < all.size(); i++) {
            all.get(i).ordinal = i;
        }
    }

    private int slot(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    ClassInfo get(long id) {
        for (int i = slot(id); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == id) {
                return values[i];
            }
        }
        return null;
    }

    /** The class of ordinal {@code i}. */
    ClassInfo at(int ordinal) {
        return all.get(ordinal);
    }

    Collection<ClassInfo> values() {
        return all;
    }

    int size() {
        return all.size();
    }
}
