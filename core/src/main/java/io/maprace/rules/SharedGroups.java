package io.maprace.rules;

import io.maprace.events.ScannedMap;
import io.maprace.findings.MapRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared maps of a scan that are not damaged, grouped by type and path pattern (a thousand maps in one array are
 * one group), with what the report says of each group: its best map, how many maps it has, how many of them were
 * written during the scan, the largest one's size.
 *
 * <p>A scan of a million maps keeps full detail only for its leading maps; the others are counted per group
 * ({@link #addGroup}), each group with its first map in rank order as its best. {@link #merge} then puts the leading
 * maps' groups before them: a map kept in full ranks before every map counted at an equal score, as in one ranked
 * list of all the maps.
 */
public final class SharedGroups {

    /** One group: its best map (the first in rank order), members, members written, largest size. */
    static final class Group {
        final String key;
        ScannedMap best;
        /** 0: among the maps kept in full, 1: among the maps counted; then the best's index there. */
        int source;
        long index;
        int count;
        long written;
        int largest = Integer.MIN_VALUE;

        Group(String key) {
            this.key = key;
        }

        int count() {
            return count;
        }

        ScannedMap best() {
            return best;
        }
    }

    private final Map<String, Group> byKey = new HashMap<>();
    private final List<Group> order = new ArrayList<>();
    private long shared;
    private long offered;

    /** The key of a map's group: its type and path pattern. */
    static String key(ScannedMap m) {
        return key(m.map().type(), m.map().path());
    }

    /** The key of a map's group from its type and its path as rendered. */
    public static String key(String type, String path) {
        return type + " " + MapRef.pathPattern(path);
    }

    /** The groups of a ranked list of maps, best first. */
    static SharedGroups of(List<ScannedMap> ranked) {
        SharedGroups g = new SharedGroups();
        for (ScannedMap m : ranked) {
            g.add(m);
        }
        return g;
    }

    /** Counts a map kept in full, in rank order (source 0). */
    private void add(ScannedMap m) {
        long index = offered++;
        if (m.shared()) {
            shared++;
        }
        if (m.corrupted() || !m.shared()) {
            return;
        }
        Group g = byKey.get(key(m));
        if (g == null) {
            g = new Group(key(m));
            g.best = m;
            g.source = 0;
            g.index = index;
            byKey.put(g.key, g);
            order.add(g);
        }
        g.count++;
        g.written += m.writes() > 0 ? 1 : 0;
        g.largest = Math.max(g.largest, m.size());
    }

    /**
     * A group of maps counted without full detail (a scan of many maps), after the groups added before it: its
     * best map as the report shows it, how many maps it has (all shared, none damaged, none written) and the
     * largest one's size.
     */
    public void addGroup(String key, ScannedMap best, int count, int largest) {
        Group g = new Group(key);
        g.best = best;
        g.source = 1;
        g.index = order.size();
        g.count = count;
        g.largest = largest;
        byKey.put(key, g);
        order.add(g);
        shared += count;
    }

    /**
     * The groups of {@code kept} (maps kept in full, in their final rank order) merged with {@code counted} (the
     * other maps, counted in rank order after them): a group's best is the better of the two, a kept map winning
     * a tie; groups are ordered by their best as one ranked list would order them.
     */
    static SharedGroups merge(List<ScannedMap> kept, SharedGroups counted) {
        SharedGroups all = of(kept);
        if (counted == null) {
            return all;
        }
        all.shared += counted.shared;
        for (Group c : counted.order) {
            Group g = all.byKey.get(c.key);
            if (g == null) {
                all.byKey.put(c.key, c);
                all.order.add(c);
                c.source = 1;
                continue;
            }
            if (c.best.score() > g.best.score()) {
                g.best = c.best;
                g.source = 1;
                g.index = c.index;
            }
            g.count += c.count;
            g.written += c.written;
            g.largest = Math.max(g.largest, c.largest);
        }
        all.order.sort(Comparator.comparingDouble((Group g) -> -g.best.score()).thenComparingInt(g -> g.source)
                .thenComparingLong(g -> g.index));
        return all;
    }

    /** Gives each group's best map as {@code f} makes it (a dump names maps by address). */
    public void replaceBests(java.util.function.UnaryOperator<ScannedMap> f) {
        for (Group g : order) {
            g.best = f.apply(g.best);
        }
    }

    /** The groups, best first. */
    List<Group> groups() {
        return order;
    }

    /** Shared maps in all, damaged ones included. */
    long shared() {
        return shared;
    }
}
