package io.maprace.probe.fix.inside;

import io.maprace.samples.corrupt.CorruptedMaps;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The walker fix defines in the target, run here on the corrupted-maps sample's maps and their healthy twins. */
class MapWalkerTest {

    private static long[] survey(Map<?, ?> m) throws ReflectiveOperationException {
        return MapWalker.survey(m, m instanceof java.util.WeakHashMap, m instanceof LinkedHashMap);
    }

    private static boolean damaged(long[] s) {
        return s[MapWalker.LOOPING_BINS] > 0 || s[MapWalker.SHARED_NODES] > 0
                || s[MapWalker.SIZE] != s[MapWalker.REACHABLE] + s[MapWalker.STALE]
                || s[MapWalker.IN_ORDER_LIST] >= 0 && (s[MapWalker.IN_ORDER_LIST] != s[MapWalker.REACHABLE]
                || s[MapWalker.ORDER_NOT_IN_TABLE] > 0);
    }

    private static Object[] keys(Object[] entries) {
        return (Object[]) entries[0];
    }

    @Test
    void healthyMapsAreCountedWhole() throws ReflectiveOperationException {
        for (Map<?, ?> m : List.<Map<?, ?>>of(CorruptedMaps.HEALTHY_HASH_MAP, CorruptedMaps.HEALTHY_HASH_MAP_TREE_BIN,
                CorruptedMaps.HEALTHY_LINKED_HASH_MAP)) {
            long[] s = survey(m);
            assertEquals(m.size(), s[MapWalker.REACHABLE], m.getClass().getName());
            assertFalse(damaged(s), m.getClass().getName());
            Object[] found = keys(MapWalker.entries(m, false, m instanceof LinkedHashMap));
            assertEquals(m.size(), found.length);
            if (m instanceof LinkedHashMap) {
                assertEquals(List.copyOf(m.keySet()), List.of(found), "in the map's order");
            } else {
                assertEquals(m.keySet(), new HashSet<>(List.of(found)));
            }
        }
        assertTrue(MapWalker.warm() > 0);
    }

    @Test
    void eachResultStaysReachableUntilMapraceTakesIt() throws ReflectiveOperationException {
        // in the target, nothing else references a result between the call's return and JDI's disableCollection
        long[] counts = survey(CorruptedMaps.HEALTHY_HASH_MAP);
        assertSame(counts, MapWalker.held);
        Object[] entries = MapWalker.entries(CorruptedMaps.HEALTHY_HASH_MAP, false, false);
        assertSame(entries, MapWalker.held);
    }

    @Test
    void everyDamageTheWalkerCanSeeIsSeenAndTheLoopsEnd() throws ReflectiveOperationException {
        assertTrue(survey(CorruptedMaps.HASH_MAP_BIN_CYCLE)[MapWalker.LOOPING_BINS] > 0);
        // a loop in a tree bin's tree links leaves its next chain whole: every entry is taken, once (the plan's
        // integrity checks are what sees the tree's shape)
        assertEquals(CorruptedMaps.HASH_MAP_TREE_BIN_CYCLE.size(),
                keys(MapWalker.entries(CorruptedMaps.HASH_MAP_TREE_BIN_CYCLE, false, false)).length);
        assertTrue(damaged(survey(CorruptedMaps.HASH_MAP_SIZE_MISMATCH)));
        assertTrue(damaged(survey(CorruptedMaps.HASH_MAP_NEGATIVE_SIZE)));
        assertTrue(damaged(survey(CorruptedMaps.LINKED_HASH_MAP_LIST_CUT)));
        // a looping bin's entries are each taken once
        Object[] looped = keys(MapWalker.entries(CorruptedMaps.HASH_MAP_BIN_CYCLE, false, false));
        assertEquals(new HashSet<>(List.of(looped)).size(), looped.length);
        // the cut list's entries: all of the table's, each once
        long[] cut = survey(CorruptedMaps.LINKED_HASH_MAP_LIST_CUT);
        Object[] fromCut = MapWalker.entries(CorruptedMaps.LINKED_HASH_MAP_LIST_CUT, false, true);
        assertEquals(cut[MapWalker.REACHABLE], keys(fromCut).length);
        HashMap<Object, Object> rebuilt = new HashMap<>();
        for (int i = 0; i < keys(fromCut).length; i++) {
            rebuilt.put(keys(fromCut)[i], ((Object[]) fromCut[1])[i]);
        }
        assertEquals(cut[MapWalker.REACHABLE], rebuilt.size());
    }
}
