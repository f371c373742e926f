package io.maprace.heapdump.hprof;

/**
 * Where each object of a dump starts: ids and file positions in pairs, side by side in one array sorted by id, 16
 * bytes per object, the one structure that grows with the dump. A lookup goes through a table of buckets over the
 * id range (ids are addresses, spread evenly enough over the heap) to a few entries it searches, the position next
 * to its id: about one cache miss, where a binary search over millions of ids costs twenty.
 *
 * <p>An object's place in the sorted ids, its ordinal (0 to {@link #size} - 1), names it densely: a reader keeps
 * what it learns of each object in arrays by ordinal rather than in hash tables by id. The top bits of each
 * position hold the object's class (its {@link ClassInfo#ordinal} + 1, 0 for a primitive array), so that finding
 * an object's class reads no byte of the file.
 */
public final class ObjectIndex {

    /** Objects per bucket on average. */
    private static final int PER_BUCKET = 8;

    /** Bits of a packed entry that hold the file position (4 TB); the bits above hold the class code. */
    static final int POSITION_BITS = 42;
    private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;
    /** The class code of a primitive array. */
    public static final int PRIMITIVE_ARRAY = 0;
    /** The class code of an object whose class id the dump does not hold: its record says which (and is corrupt). */
    public static final int UNKNOWN_CLASS = (1 << (64 - POSITION_BITS)) - 1;

    /** Id of object i at 2i, its packed position (see {@link #POSITION_BITS}) at 2i + 1. */
    private final long[] entries;
    private final int count;
    private long min;
    private int shift;
    private int[] buckets;

    ObjectIndex(int capacity) {
        entries = new long[Math.multiplyExact(2, capacity)];
        count = capacity;
    }

    private int filled;
    private long lowBits;

    /** Puts object {@code id} in the next slot (see {@link #set}). */
    void add(long id, long position, int classCode) {
        set(filled++, id, position, classCode);
    }

    /**
     * Puts object {@code id} in {@code slot}: threads may fill distinct slots at once (one a segment of the dump),
     * before {@link #seal}, which sees them all once they are done.
     *
     * @param classCode the class's ordinal + 1, {@link #PRIMITIVE_ARRAY} or {@link #UNKNOWN_CLASS}
     */
    void set(int slot, long id, long position, int classCode) {
        if (position > POSITION_MASK) {
            throw new IllegalStateException("a dump larger than " + (POSITION_MASK >> 40) + " TB");
        }
        entries[2 * slot] = id;
        entries[2 * slot + 1] = position | (long) Math.min(classCode, UNKNOWN_CLASS) << POSITION_BITS;
    }

    /** Called once every slot is set. */
    void seal() {
        // The ids come sorted from a dump written in address order: the buckets are then made in the same pass that
        // checks it (one pass over the index, not two); else sorted first and the buckets made again.
        if (!buckets()) {
            PairSort.sort(entries, count);
            buckets();
        }
    }

    /**
     * Makes the buckets as if the ids were sorted, and checks that they were (and notes their common low bits).
     *
     * @return whether the ids were sorted; if not, the buckets are to be made again once they are
     */
    private boolean buckets() {
        min = count == 0 ? 0 : entries[0];
        long max = count == 0 ? 0 : entries[2 * count - 2];
        if (max < min) {
            return false;
        }
        long range = max - min;
        long wanted = Math.max(1, count / PER_BUCKET);
        shift = 0;
        while ((range >>> shift) >= wanted) {
            shift++;
        }
        int n = (int) (range >>> shift) + 1;
        buckets = new int[n + 1];
        boolean sorted = true;
        long low = 0;
        long previous = Long.MIN_VALUE;
        int i = 0;
        for (int b = 0; b <= n; b++) {
            long start = min + ((long) b << shift);
            long id;
            while (i < count && (id = entries[2 * i]) < start) {
                low |= id;
                sorted &= i == 0 || previous < id;
                previous = id;
                i++;
            }
            buckets[b] = i;
        }
        lowBits = low;
        // ids left over lie past the largest: not sorted
        return sorted && i == count;
    }

    public int size() {
        return count;
    }

    /** Trailing zero bits common to every id (at most 3). */
    int alignmentBits() {
        return Math.min(3, Long.numberOfTrailingZeros(lowBits | (1L << 3)));
    }

    /** The file position of object {@code id}, or -1 when the dump has no such object. */
    public long position(long id) {
        int i = ordinal(id);
        return i < 0 ? -1 : entries[2 * i + 1] & POSITION_MASK;
    }

    /** The file position of the object of ordinal {@code i}. */
    public long positionAt(int i) {
        return entries[2 * i + 1] & POSITION_MASK;
    }

    /** The class code of the object of ordinal {@code i}: its class's ordinal + 1, or {@link #PRIMITIVE_ARRAY}. */
    public int classCodeAt(int i) {
        return (int) (entries[2 * i + 1] >>> POSITION_BITS);
    }

    /** The id of the object of ordinal {@code i}. */
    public long idAt(int i) {
        return entries[2 * i];
    }

    /** The ordinal of object {@code id} (its place among the sorted ids), or -1 when the dump has no such object. */
    public int ordinal(long id) {
        if (count == 0 || id < min) {
            return -1;
        }
        long b = (id - min) >>> shift;
        if (b >= buckets.length - 1) {
            return -1;
        }
        int lo = buckets[(int) b];
        int hi = buckets[(int) b + 1] - 1;
        if (lo > hi) {
            return -1;
        }
        if (shift > 40 || hi - lo >= 1 << 20) {
            return search(id, lo, hi); // the guess below would overflow a long
        }
        // the bucket's objects spread over its address range: start where the id falls in it, then step (the
        // entries next to the guess are on the same cache line, where a binary search touches two or three)
        long offset = (id - min) - (b << shift);
        int i = lo + (int) ((offset * (hi - lo + 1)) >>> shift);
        long v = entries[2 * i];
        if (v < id) {
            while (++i <= hi) {
                v = entries[2 * i];
                if (v >= id) {
                    return v == id ? i : -1;
                }
            }
            return -1;
        }
        while (v > id) {
            if (--i < lo) {
                return -1;
            }
            v = entries[2 * i];
        }
        return v == id ? i : -1;
    }

    private int search(long id, int lo, int hi) {
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = entries[2 * mid];
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Bytes this index holds in the Java heap. */
    public long footprint() {
        return 16L * count + 4L * (buckets == null ? 0 : buckets.length);
    }

    /** In-place sort of (key, value) pairs side by side by key (heap sort: no extra memory, n log n). */
    static final class PairSort {
        private PairSort() {
        }

        /** Sorts the {@code n} pairs of {@code pairs} (key at 2i, value at 2i + 1) by key. */
        static void sort(long[] pairs, int n) {
            for (int i = n / 2 - 1; i >= 0; i--) {
                down(pairs, i, n);
            }
            for (int end = n - 1; end > 0; end--) {
                swap(pairs, 0, end);
                down(pairs, 0, end);
            }
        }

        private static void down(long[] k, int i, int n) {
            while (true) {
                int c = 2 * i + 1;
                if (c >= n) {
                    return;
                }
                if (c + 1 < n && k[2 * c + 2] > k[2 * c]) {
                    c++;
                }
                if (k[2 * i] >= k[2 * c]) {
                    return;
                }
                swap(k, i, c);
                i = c;
            }
        }

        private static void swap(long[] k, int a, int b) {
            long t = k[2 * a];
            k[2 * a] = k[2 * b];
            k[2 * b] = t;
            t = k[2 * a + 1];
            k[2 * a + 1] = k[2 * b + 1];
            k[2 * b + 1] = t;
        }
    }
}
