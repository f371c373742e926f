package io.maprace.probe.watch;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MapSpecTest {

    @Test
    void pathsAndFields() {
        assertEquals(new MapSpec.Path("com.foo.Factory.DEFAULT.cache"), MapSpec.parse("com.foo.Factory.DEFAULT.cache"));
        assertEquals(new MapSpec.EveryInstance("com.foo.Registry$Entry", "cache"),
                MapSpec.parse(" com.foo.Registry$Entry#cache "));
        MapSpec.Path each = (MapSpec.Path) MapSpec.parse("com.foo.Registry.INSTANCE.entries[*].cache");
        assertEquals(true, each.everyElement());
        assertEquals(false, ((MapSpec.Path) MapSpec.parse("com.foo.Registry.INSTANCE.entries")).everyElement());
    }

    @Test
    void malformedSpecsAreUsageErrors() {
        for (String bad : new String[]{"", "cache", "com.foo.#cache", "com.foo.Registry#", "a b.c", "com..Foo.x",
                "com.foo.A#b#c", "com.foo.Registry.INSTANCE.entries[*]", "com[*].Foo.x"}) {
            MapraceException e = assertThrows(MapraceException.class, () -> MapSpec.parse(bad), bad);
            assertEquals(Problem.USAGE, e.problem());
        }
    }
}
