package io.maprace.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Key sets for the samples. */
public final class Keys {

    /** {@code HashMap.MIN_TREEIFY_CAPACITY}: smaller tables resize instead of treeifying a long bin. */
    public static final int MIN_TREEIFY_CAPACITY = 64;

    private Keys() {
    }

    /**
     * {@code 2^blocks} distinct strings with one and the same {@link String#hashCode()}: {@code prefix} followed by
     * every sequence of {@code blocks} blocks, each {@code "Aa"} or {@code "BB"} (both hash to 2112). Eight or more of
     * them in one {@link java.util.HashMap} land in one bin, which gets treeified (String is Comparable).
     */
    public static List<String> colliding(String prefix, int blocks) {
        if (blocks < 1 || blocks > 20) {
            throw new IllegalArgumentException("blocks must be 1..20: " + blocks);
        }
        List<String> keys = new ArrayList<>(1 << blocks);
        for (int bits = 0; bits < 1 << blocks; bits++) {
            StringBuilder sb = new StringBuilder(prefix);
            for (int b = blocks - 1; b >= 0; b--) {
                sb.append((bits >>> b & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(sb.toString());
        }
        return keys;
    }

    /** {@code prefix0 .. prefix(count-1)}. */
    public static List<String> numbered(String prefix, int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }

    /**
     * {@code count} ordinary keys {@code prefix<i>} chosen so that a {@link java.util.HashMap} whose table has at
     * least {@code minTable} slots never puts more than {@code maxPerBin} of them in one bin, nor any of them in a bin
     * whose index modulo 64 is in {@code avoidBins} (see {@link #bin}: the bins of other keys, e.g. {@link #colliding}
     * ones).
     *
     * <p>Why: a {@code HashMap} turns a bin into a red-black tree once it holds 8 entries (with a table of 64 or
     * more), and concurrent writes to a tree bin can tie its links into a cycle that makes a thread spin forever.
     * The racy samples must keep racing, so their churning keys stay in short list bins. In a list bin every
     * {@code next} link points from an older node to a newer one, whatever the interleaving, so a race there loses
     * entries and miscounts {@code size} but cannot make a cycle. A table never shrinks, and keys in different bins
     * stay in different bins when it grows.
     */
    public static List<String> spread(String prefix, int count, int maxPerBin, int minTable, Set<Integer> avoidBins) {
        if (Integer.bitCount(minTable) != 1 || minTable < MIN_TREEIFY_CAPACITY) {
            throw new IllegalArgumentException("minTable must be a power of two >= 64: " + minTable);
        }
        int[] perBin = new int[minTable];
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; keys.size() < count; i++) {
            String key = prefix + i;
            int h = hash(key);
            int bin = h & (minTable - 1);
            if (!avoidBins.contains(h & (MIN_TREEIFY_CAPACITY - 1)) && perBin[bin] < maxPerBin) {
                perBin[bin]++;
                keys.add(key);
            }
            if (i > count * 1000) {
                throw new IllegalArgumentException("cannot spread " + count + " keys with at most " + maxPerBin
                        + " per bin over " + minTable + " bins");
            }
        }
        return keys;
    }

    /**
     * The bin of {@code key} in a {@code HashMap} table of 64 slots, the smallest table that holds tree bins.
     * Keys in different bins of that table stay in different bins of any larger one.
     */
    public static int bin(Object key) {
        return binOfHashCode(key.hashCode());
    }

    /** {@link #bin} for a key whose {@code hashCode()} is {@code hashCode}. */
    public static int binOfHashCode(int hashCode) {
        return (hashCode ^ (hashCode >>> 16)) & (MIN_TREEIFY_CAPACITY - 1);
    }

    /** What {@code HashMap.hash(key)} computes: the bits that choose a bin. */
    public static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }
}
