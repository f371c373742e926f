package io.maprace.samples.corrupt;

import io.maprace.samples.Catalog;
import io.maprace.samples.Stacks;
import io.maprace.samples.corrupt.MapInspector.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corrupt samples' maps are damaged as documented (checked by reading their fields), and the spinners spin. */
class CorruptionTest {

    @Test
    @Timeout(20)
    void aLookupInTheCyclicTreeBinSpinsInTreeNodeUntilTheCycleIsCut() throws Exception {
        HashMap<String, String> map = Corruptions.treeBinCycle();
        Object root = Corruptions.treeRoot(map);
        Thread spinner = lookUpOnAnotherThread(map, Corruptions.TREE_PROBE);
        try {
            spinner.join(500);
            assertTrue(spinner.isAlive(), "get returned on a tree bin with a cycle");
            StackTraceElement[] stack = spinner.getStackTrace();
            // The top frame may be String.compareTo or HashMap.compareComparables, called by find.
            assertTrue(Stacks.isInside(stack, "java.util.HashMap$TreeNode", "find"), List.of(stack).toString());
        } finally {
            // Cut the cycle, so that the thread ends instead of spinning for the rest of the test run.
            Internals.set(Internals.Hash.RIGHT, nodeWhoseLinkIs(root, Internals.Hash.RIGHT, root), null);
        }
        spinner.join(5_000);
        assertFalse(spinner.isAlive(), "the lookup did not end once the cycle was cut");
    }

    @Test
    @Timeout(20)
    void aLookupInTheCyclicListBinSpinsInGetNodeUntilTheCycleIsCut() throws Exception {
        HashMap<String, String> map = Corruptions.binCycle();
        List<Object> chain = Internals.Hash.chain(map, Internals.Hash.binOf(map, Corruptions.CHAIN_PROBE), 3);
        Thread spinner = lookUpOnAnotherThread(map, Corruptions.CHAIN_PROBE);
        try {
            spinner.join(500);
            assertTrue(spinner.isAlive(), "get returned on a bin with a cycle");
            StackTraceElement[] stack = spinner.getStackTrace();
            // The top frame may be String.equals, called by getNode.
            assertTrue(Stacks.isInside(stack, "java.util.HashMap", "getNode"), List.of(stack).toString());
            assertTrue(Stacks.isInside(stack, "java.util.", null));
        } finally {
            Internals.set(Internals.Hash.NEXT, chain.get(chain.size() - 1), null);
        }
        spinner.join(5_000);
        assertFalse(spinner.isAlive(), "the lookup did not end once the cycle was cut");
    }

    @Test
    void theSpinningSamplesHoldTheDamagedMaps() {
        assertEquals(Set.of(Problem.TREE_CYCLE), MapInspector.inspect(SpinningTreeBin.MAP));
        assertEquals(Set.of(Problem.BIN_CYCLE), MapInspector.inspect(CyclicBin.MAP));
    }

    @Test
    void eachCorruptedMapHasExactlyItsDocumentedDamage() throws Exception {
        Map<String, Set<Problem>> expected = new LinkedHashMap<>();
        expected.put("HASH_MAP_BIN_CYCLE", Set.of(Problem.BIN_CYCLE));
        expected.put("HASH_MAP_TREE_BIN_CYCLE", Set.of(Problem.TREE_CYCLE));
        expected.put("HASH_MAP_ENTRY_IN_WRONG_BIN", Set.of(Problem.WRONG_BIN));
        expected.put("HASH_MAP_SIZE_MISMATCH", Set.of(Problem.SIZE_MISMATCH));
        expected.put("HASH_MAP_NEGATIVE_SIZE", Set.of(Problem.NEGATIVE_SIZE));
        expected.put("HASH_MAP_TREE_BIN_RED_RED", Set.of(Problem.RED_RED));
        expected.put("HASH_MAP_TREE_BIN_BAD_PARENT", Set.of(Problem.BAD_PARENT));
        expected.put("LINKED_HASH_MAP_LIST_CUT", Set.of(Problem.LIST_CUT));
        expected.put("WEAK_HASH_MAP_CLEARED_KEYS", Set.of(Problem.DEAD_ENTRIES_COUNTED));
        expected.put("TREE_MAP_CYCLE", Set.of(Problem.TREE_CYCLE));
        expected.put("TREE_MAP_BAD_ORDER", Set.of(Problem.ORDER_BROKEN));
        for (String healthy : List.of("HEALTHY_HASH_MAP", "HEALTHY_HASH_MAP_TREE_BIN", "HEALTHY_LINKED_HASH_MAP",
                "HEALTHY_WEAK_HASH_MAP", "HEALTHY_TREE_MAP")) {
            expected.put(healthy, Set.of());
        }
        assertEquals(List.copyOf(expected.keySet()), CorruptedMaps.mapFieldNames());
        for (Map.Entry<String, Set<Problem>> e : expected.entrySet()) {
            Field field = CorruptedMaps.class.getField(e.getKey());
            Object map = field.get(null);
            assertNotNull(map, e.getKey());
            assertEquals(e.getValue(), MapInspector.inspect(map), e.getKey());
        }
        Object treeBin = Corruptions.treeRoot(CorruptedMaps.HEALTHY_HASH_MAP_TREE_BIN);
        assertTrue(Internals.Hash.TREE_NODE.isInstance(treeBin), "the control has a real tree bin");
    }

    @Test
    void theDamageShowsThroughThePublicApiWhereThatIsSafe() {
        assertNull(CorruptedMaps.HASH_MAP_ENTRY_IN_WRONG_BIN.get("key-3"));
        assertTrue(CorruptedMaps.HASH_MAP_ENTRY_IN_WRONG_BIN.containsValue("value-key-3"));
        assertEquals(13, CorruptedMaps.HASH_MAP_SIZE_MISMATCH.size());
        assertEquals(-3, CorruptedMaps.HASH_MAP_NEGATIVE_SIZE.size());
        assertEquals(5, countIterated(CorruptedMaps.LINKED_HASH_MAP_LIST_CUT));
        assertEquals(10, CorruptedMaps.LINKED_HASH_MAP_LIST_CUT.size());
        System.gc();
        assertEquals(10, CorruptedMaps.WEAK_HASH_MAP_CLEARED_KEYS.size(), "dead entries are never expunged");
        assertEquals(6, countIterated(CorruptedMaps.WEAK_HASH_MAP_CLEARED_KEYS), "live keys");
        assertEquals(10, CorruptedMaps.HEALTHY_WEAK_HASH_MAP.size());
    }

    @Test
    void theCatalogListsEveryCorruptedMap() {
        List<String> paths = new ArrayList<>();
        for (String name : CorruptedMaps.mapFieldNames()) {
            paths.add(CorruptedMaps.class.getName() + "." + name);
        }
        List<String> cataloged = Catalog.require("corrupted-maps").maps().stream().map(Catalog.MapRef::path).toList();
        assertEquals(paths, cataloged);
    }

    private static int countIterated(Map<?, ?> map) {
        int n = 0;
        for (Object ignored : map.keySet()) {
            n++;
        }
        return n;
    }

    private static Thread lookUpOnAnotherThread(Map<String, String> map, String key) {
        Thread thread = new Thread(() -> map.get(key), "test-spinner");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The tree node (found without following cycles) whose {@code link} field points to {@code target}. */
    private static Object nodeWhoseLinkIs(Object root, Field link, Object target) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Object node = pending.remove(pending.size() - 1);
            if (!seen.add(node)) {
                continue;
            }
            if (Internals.get(link, node) == target) {
                return node;
            }
            for (Field child : List.of(Internals.Hash.LEFT, Internals.Hash.RIGHT)) {
                Object next = Internals.get(child, node);
                if (next != null) {
                    pending.add(next);
                }
            }
        }
        throw new AssertionError("no node links to the target");
    }
}
