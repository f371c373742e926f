package io.maprace.heap;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The nodes of one hash map read so far, by object id, in the order read. Most maps of a large heap hold a few
 * entries and a scan reads millions of them: a {@code LinkedHashMap<Long, HashNode>} each (its table, an entry and a
 * boxed id per node) was much of what checking a small map cost. A few nodes are searched in place; an index by id
 * is built once there are more.
 */
final class NodeMap {

    /** Up to this many nodes, a lookup scans the ids. */
    private static final int SCANNED = 8;

    private long[] ids = new long[4];
    private HashNode[] nodes = new HashNode[4];
    private int size;
    /** Open addressing over {@link #ids}: 1 + the node's place, 0 for a free slot; null while the map is small. */
    private int[] index;

    int size() {
        return size;
    }

    HashNode get(long id) {
        if (index == null) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    return nodes[i];
                }
            }
            return null;
        }
        int mask = index.length - 1;
        for (int s = slot(id, mask); index[s] != 0; s = (s + 1) & mask) {
            if (ids[index[s] - 1] == id) {
                return nodes[index[s] - 1];
            }
        }
        return null;
    }

    boolean containsKey(long id) {
        return get(id) != null;
    }

    /** Adds a node not read before (callers look it up first). */
    void put(long id, HashNode node) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        ids[size] = id;
        nodes[size] = node;
        size++;
        if (index != null && size * 2 > index.length) {
            index = null; // rebuilt larger below
        }
        if (index == null && size > SCANNED) {
            index = new int[Integer.highestOneBit(size * 4)];
            for (int i = 0; i < size; i++) {
                insert(i);
            }
        } else if (index != null) {
            insert(size - 1);
        }
    }

    private void insert(int place) {
        int mask = index.length - 1;
        int s = slot(ids[place], mask);
        while (index[s] != 0) {
            s = (s + 1) & mask;
        }
        index[s] = place + 1;
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The nodes in the order read. */
    List<HashNode> values() {
        return new AbstractList<>() {
            @Override
            public HashNode get(int i) {
                if (i < 0 || i >= size) {
                    throw new IndexOutOfBoundsException(i);
                }
                return nodes[i];
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
