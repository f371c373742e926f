package io.maprace.heap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The maps the walk met, by object id, safe for the walk's threads. A heap of a million maps meets a million:
 * a {@code ConcurrentHashMap<Long, FoundMap>} costs a node and a boxed key each (56 bytes) and a hash lookup
 * through them for every object met again; this keeps ids in a primitive array, in locked stripes hashed as
 * {@link ReachTable}'s; when the heap's ids are dense ({@link Heap#denseIds}, a dump), an array by id (4 bytes an
 * object of the heap, and a lookup is one array read).
 */
final class FoundMaps {

    private static final int STRIPES = ReachTable.STRIPES;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(FoundMap[].class);

    private final Stripe[] stripes;
    /** The maps by id when ids are dense, else null. */
    private final FoundMap[] dense;
    /** How many maps {@link #dense} holds: counting its slots at the end is millions of reads, twice. */
    private final java.util.concurrent.atomic.LongAdder denseCount = new java.util.concurrent.atomic.LongAdder();

    FoundMaps() {
        this(-1);
    }

    /** @param denseIds the bound of the heap's ids when they are dense ({@link Heap#denseIds}), else -1 */
    FoundMaps(long denseIds) {
        if (denseIds >= 0) {
            dense = new FoundMap[Math.toIntExact(denseIds)];
            stripes = new Stripe[0];
            return;
        }
        dense = null;
        stripes = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    FoundMap get(long id) {
        if (dense != null) {
            return (FoundMap) SLOTS.getAcquire(dense, (int) id);
        }
        long h = mix(id);
        return stripe(h).get(id, h);
    }

    boolean containsKey(long id) {
        return get(id) != null;
    }

    /** Adds a map not met before (the walk puts each id once: its reach table says which are new). */
    void put(FoundMap map) {
        if (dense != null) {
            SLOTS.setRelease(dense, (int) map.id, map);
            denseCount.increment();
            return;
        }
        long h = mix(map.id);
        stripe(h).put(map.id, h, map);
    }

    /** The maps, as a read-only view (for the end of the walk, when no map is added any more). */
    Collection<FoundMap> values() {
        return dense != null ? denseValues() : new AbstractCollection<>() {
            @Override
            public Iterator<FoundMap> iterator() {
                return new Iterator<>() {
                    private int stripe;
                    private int slot = -1;
                    private FoundMap next = advance();

                    private FoundMap advance() {
                        while (stripe < STRIPES) {
                            FoundMap[] values = stripes[stripe].values;
                            while (++slot < values.length) {
                                if (values[slot] != null) {
                                    return values[slot];
                                }
                            }
                            stripe++;
                            slot = -1;
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public FoundMap next() {
                        if (next == null) {
                            throw new NoSuchElementException();
                        }
                        FoundMap m = next;
                        next = advance();
                        return m;
                    }
                };
            }

            @Override
            public int size() {
                int n = 0;
                for (Stripe s : stripes) {
                    n += s.size();
                }
                return n;
            }
        };
    }

    /** The maps of a dense table, in the order of their ids. */
    private Collection<FoundMap> denseValues() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<FoundMap> iterator() {
                return new Iterator<>() {
                    private int slot = advance(-1);

                    private int advance(int from) {
                        int i = from + 1;
                        while (i < dense.length && dense[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return slot < dense.length;
                    }

                    @Override
                    public FoundMap next() {
                        if (slot >= dense.length) {
                            throw new NoSuchElementException();
                        }
                        FoundMap m = dense[slot];
                        slot = advance(slot);
                        return m;
                    }
                };
            }

            @Override
            public int size() {
                return Math.toIntExact(denseCount.sum());
            }
        };
    }

    private Stripe stripe(long h) {
        return stripes[ReachTable.stripeOf(h)];
    }

    private static long mix(long id) {
        return ReachTable.mix(id);
    }

    /** Open addressing with linear probing; a null value marks a free slot. */
    private static final class Stripe {
        private long[] keys = new long[16];
        private FoundMap[] values = new FoundMap[16];
        private int size;

        synchronized FoundMap get(long id, long h) {
            int mask = keys.length - 1;
            int i = (int) h & mask;
            while (values[i] != null) {
                if (keys[i] == id) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        synchronized void put(long id, long h, FoundMap map) {
            int mask = keys.length - 1;
            int i = (int) h & mask;
            while (values[i] != null) {
                if (keys[i] == id) {
                    values[i] = map;
                    return;
                }
                i = (i + 1) & mask;
            }
            keys[i] = id;
            values[i] = map;
            if (++size * 4 > keys.length * 3) {
                grow();
            }
        }

        synchronized int size() {
            return size;
        }

        private void grow() {
            long[] oldKeys = keys;
            FoundMap[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new FoundMap[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldValues[j] != null) {
                    int i = (int) mix(oldKeys[j]) & mask;
                    while (values[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                }
            }
        }
    }
}
