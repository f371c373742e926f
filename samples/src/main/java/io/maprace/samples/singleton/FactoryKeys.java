package io.maprace.samples.singleton;

import io.maprace.samples.Keys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The widget names of both factory samples: 128 standard names in four groups of 32 that share a hash code (each
 * group fills one bin, which becomes a red-black tree), and 1024 ordinary names kept out of those bins.
 */
final class FactoryKeys {

    static final List<String> STANDARD;
    private static final String[] STANDARD_ARRAY;
    private static final String[] ORDINARY;

    static {
        List<String> standard = new ArrayList<>();
        Set<Integer> treeBins = new HashSet<>();
        for (String prefix : new String[] {"gear-", "bolt-", "cog-", "nut-"}) {
            List<String> group = Keys.colliding(prefix, 5);
            standard.addAll(group);
            treeBins.add(Keys.bin(group.get(0)));
        }
        STANDARD = List.copyOf(standard);
        STANDARD_ARRAY = standard.toArray(String[]::new);
        ORDINARY = Keys.spread("widget-", 1024, 2, Factory.TABLE_SIZE, treeBins).toArray(String[]::new);
    }

    private FactoryKeys() {
    }

    /** A random standard name (its bin is a tree). */
    static String standard() {
        return STANDARD_ARRAY[ThreadLocalRandom.current().nextInt(STANDARD_ARRAY.length)];
    }

    /** A random ordinary name (a short list bin). */
    static String ordinary() {
        return ORDINARY[ThreadLocalRandom.current().nextInt(ORDINARY.length)];
    }
}
