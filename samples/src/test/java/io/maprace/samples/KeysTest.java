package io.maprace.samples;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysTest {

    @Test
    void collidingKeysAreDistinctAndShareOneHashCode() {
        List<String> keys = Keys.colliding("p-", 5);
        assertEquals(32, keys.size());
        assertEquals(32, new HashSet<>(keys).size());
        Set<Integer> hashes = new HashSet<>();
        keys.forEach(k -> hashes.add(k.hashCode()));
        assertEquals(1, hashes.size());
    }

    @Test
    void spreadKeysRespectTheBinLimitsAtEveryTableSize() {
        Set<Integer> avoid = Set.of(Keys.bin(Keys.colliding("gear-", 5).get(0)));
        List<String> keys = Keys.spread("widget-", 1024, 2, 1 << 15, avoid);
        assertEquals(1024, new HashSet<>(keys).size());
        for (int table = 1 << 15; table <= 1 << 18; table <<= 1) {
            Map<Integer, Integer> perBin = new HashMap<>();
            for (String key : keys) {
                perBin.merge(Keys.hash(key) & (table - 1), 1, Integer::sum);
                assertFalse(avoid.contains(Keys.bin(key)), key);
            }
            assertTrue(perBin.values().stream().allMatch(n -> n <= 2), "table " + table);
        }
    }

    @Test
    void spreadFailsWhenTheLimitCannotBeMet() {
        assertThrows(IllegalArgumentException.class, () -> Keys.spread("k", 129, 2, 64, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Keys.spread("k", 1, 2, 32, Set.of()));
    }
}
