package io.maprace.heapdump.scan;

/**
 * The ids of one map's nodes met so far, each at its place (the order met), for the in-place reads of
 * {@link IntactHashMaps} and {@link IntactTreeMaps}: searched in place while the map is small, through a hash index
 * beyond. One per reading thread, reused from map to map; the readers keep what else they learn of a node in arrays
 * of their own by the same place, at least {@link #capacity} long.
 */
final class NodeIds {

    /** Up to this many nodes, a node met before is searched for in place. */
    private static final int SCANNED = 16;

    private long[] ids = new long[SCANNED];
    /** 1 + a node's place, by its id hashed; null while the map is small. */
    private int[] index;
    private int n;

    /** Starts a map of {@code size} nodes at most. */
    void reset(int size) {
        n = 0;
        if (ids.length < size) {
            ids = new long[Integer.highestOneBit(size - 1) << 1];
        }
        index = size > SCANNED ? new int[Integer.highestOneBit(size * 2 - 1) << 1] : null;
    }

    /** How many nodes the arrays by place must hold. */
    int capacity() {
        return ids.length;
    }

    int size() {
        return n;
    }

    long at(int place) {
        return ids[place];
    }

    /** The place of node {@code id}, or -1 when not met. */
    int indexOf(long id) {
        if (index == null) {
            for (int i = 0; i < n; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int s = slot(id, mask); index[s] != 0; s = (s + 1) & mask) {
            if (ids[index[s] - 1] == id) {
                return index[s] - 1;
            }
        }
        return -1;
    }

    /** Adds node {@code id} (not met before, no more than the size given) and returns its place. */
    int add(long id) {
        int place = n++;
        ids[place] = id;
        if (index != null) {
            int mask = index.length - 1;
            int s = slot(id, mask);
            while (index[s] != 0) {
                s = (s + 1) & mask;
            }
            index[s] = n;
        }
        return place;
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
