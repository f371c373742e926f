package io.maprace.heap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * How the walk reached each object it met (object id to reach), safe for the walk's threads. A heap of a million
 * maps meets millions of objects: a {@code ConcurrentHashMap<Long, Integer>} costs about 64 bytes and a node per
 * entry and stalls on resizing; this costs 12 to 24 bytes an entry in primitive arrays, split in locked stripes.
 * When the heap's ids are dense ({@link Heap#denseIds}, a dump), one int per object of the heap instead, by id:
 * 4 bytes an object, and a lookup is one array read.
 */
final class ReachTable {

    /** What {@link #putIfAbsent} returns for an id not yet met (no reach is this value). */
    static final int ABSENT = Integer.MIN_VALUE;

    static final int STRIPES = 64;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final Stripe[] stripes;
    /** The reach of each object by id when ids are dense, else null. */
    private final int[] dense;

    ReachTable() {
        this(-1);
    }

    /** @param denseIds the bound of the heap's ids when they are dense ({@link Heap#denseIds}), else -1 */
    ReachTable(long denseIds) {
        if (denseIds >= 0) {
            dense = new int[Math.toIntExact(denseIds)];
            java.util.Arrays.fill(dense, ABSENT);
            stripes = null;
            return;
        }
        dense = null;
        stripes = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Records {@code reach} for {@code id} unless it is known; returns the reach known before, or {@link #ABSENT}. */
    int putIfAbsent(long id, int reach) {
        if (dense != null) {
            return (int) SLOTS.compareAndExchange(dense, (int) id, ABSENT, reach);
        }
        long h = mix(id);
        return stripe(h).putIfAbsent(id, h, reach);
    }

    /** Sets the reach of {@code id} to {@code value} if it is {@code expected}; whether it did. */
    boolean replace(long id, int expected, int value) {
        if (dense != null) {
            return SLOTS.compareAndSet(dense, (int) id, expected, value);
        }
        long h = mix(id);
        return stripe(h).replace(id, h, expected, value);
    }

    boolean contains(long id) {
        if (dense != null && (id < 0 || id >= dense.length)) {
            return false;
        }
        return get(id) != ABSENT;
    }

    /** The reach recorded for {@code id}, or {@link #ABSENT}. */
    int get(long id) {
        if (dense != null) {
            return (int) SLOTS.getAcquire(dense, (int) id);
        }
        long h = mix(id);
        return stripe(h).get(id, h);
    }

    int size() {
        int n = 0;
        if (dense != null) {
            for (int r : dense) {
                n += r != ABSENT ? 1 : 0;
            }
            return n;
        }
        for (Stripe s : stripes) {
            n += s.size();
        }
        return n;
    }

    /** The ids met, as a read-only set (for {@code contains}; iterating copies them). */
    Set<Long> ids() {
        return new AbstractSet<>() {
            @Override
            public boolean contains(Object o) {
                return o instanceof Long id && ReachTable.this.contains(id);
            }

            @Override
            public int size() {
                return ReachTable.this.size();
            }

            @Override
            public Iterator<Long> iterator() {
                List<Long> all = new ArrayList<>();
                if (dense != null) {
                    for (int i = 0; i < dense.length; i++) {
                        if (get(i) != ABSENT) {
                            all.add((long) i);
                        }
                    }
                }
                for (Stripe s : dense != null ? new Stripe[0] : stripes) {
                    s.addTo(all);
                }
                return java.util.Collections.unmodifiableList(all).iterator();
            }
        };
    }

    private Stripe stripe(long h) {
        return stripes[stripeOf(h)];
    }

    /** The stripe of a mixed id ({@link #mix}): its top bits. */
    static int stripeOf(long h) {
        return (int) (h >>> 58);
    }

    /** An id with its bits spread: ids are addresses, their low bits alike. */
    static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** Open addressing with linear probing; id 0 kept aside (0 marks a free slot). */
    private static final class Stripe {
        private long[] keys = new long[64];
        private int[] values = new int[64];
        private int size;
        private int zero = ABSENT;

        synchronized int putIfAbsent(long id, long h, int reach) {
            if (id == 0) {
                int before = zero;
                if (before == ABSENT) {
                    zero = reach;
                }
                return before;
            }
            int mask = keys.length - 1;
            int i = (int) h & mask;
            while (keys[i] != 0) {
                if (keys[i] == id) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            keys[i] = id;
            values[i] = reach;
            if (++size * 4 > keys.length * 3) {
                grow();
            }
            return ABSENT;
        }

        synchronized boolean replace(long id, long h, int expected, int value) {
            if (id == 0) {
                if (zero != ABSENT && zero == expected) {
                    zero = value;
                    return true;
                }
                return false;
            }
            int i = slot(id, h);
            if (i >= 0 && values[i] == expected) {
                values[i] = value;
                return true;
            }
            return false;
        }

        synchronized int get(long id, long h) {
            if (id == 0) {
                return zero;
            }
            int i = slot(id, h);
            return i < 0 ? ABSENT : values[i];
        }

        synchronized int size() {
            return size + (zero != ABSENT ? 1 : 0);
        }

        synchronized void addTo(List<Long> out) {
            if (zero != ABSENT) {
                out.add(0L);
            }
            for (long k : keys) {
                if (k != 0) {
                    out.add(k);
                }
            }
        }

        private int slot(long id, long h) {
            int mask = keys.length - 1;
            int i = (int) h & mask;
            while (keys[i] != 0) {
                if (keys[i] == id) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                long k = oldKeys[j];
                if (k != 0) {
                    int i = (int) mix(k) & mask;
                    while (keys[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = k;
                    values[i] = oldValues[j];
                }
            }
        }
    }
}
