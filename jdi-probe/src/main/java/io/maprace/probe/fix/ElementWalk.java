package io.maprace.probe.fix;

import com.sun.jdi.ObjectReference;
import com.sun.jdi.VirtualMachine;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a path with one {@code [*]} step ({@code com.foo.Registry.INSTANCE.entries[*].cache}) to the maps it
 * reaches now: the collection before the step, the objects it holds ({@link HeldObjects}), and from each the
 * fields after the step. Each map is named by the path with the step replaced by {@code [#i]}, its position among
 * the objects read (not a stable index: a map's order changes as it is written); objects without those fields, or
 * where they are null, reach nothing and are counted.
 */
record ElementWalk(String pattern, List<Found> found, int objects) {

    /** Objects read from the collection at most. */
    static final int OBJECTS = 10_000;

    /** One map reached: its name, and how it was reached. */
    record Found(String label, PathWalk walk) {
    }

    static boolean isPattern(String path) {
        return path.contains("[*]");
    }

    /** Whether {@code path} names one map a {@code [*]} path reached ({@code entries[#3].cache}). */
    static boolean isElement(String path) {
        return path.matches(".*\\[#\\d+\\].*");
    }

    /** The {@code [*]} path an element's name came from. */
    static String patternOf(String element) {
        return element.replaceFirst("\\[#\\d+\\]", "[*]");
    }

    static ElementWalk resolve(VirtualMachine vm, String pattern) {
        int star = pattern.indexOf("[*]");
        String prefix = pattern.substring(0, star);
        String suffix = pattern.substring(star + 3);
        if (suffix.contains("[*]") || !suffix.startsWith(".") || suffix.length() < 2 || suffix.contains("{")
                || suffix.contains("[")) {
            throw new MapraceException(Problem.USAGE, "--map '" + pattern + "': fix takes one [*] step followed by"
                    + " fields (com.foo.Registry.INSTANCE.entries[*].cache): the maps are rewritten in a field of"
                    + " each object the collection holds");
        }
        List<String> fields = List.of(suffix.substring(1).split("\\."));
        ObjectReference collection = PathWalk.resolve(vm, prefix).value();
        List<ObjectReference> held = HeldObjects.of(collection, OBJECTS);
        List<Found> found = new ArrayList<>();
        Set<ObjectReference> maps = new LinkedHashSet<>();
        for (int i = 0; i < held.size(); i++) {
            PathWalk walk = PathWalk.along(held.get(i), fields);
            if (walk != null && maps.add(walk.value())) { // two objects sharing one map: it is fixed once
                found.add(new Found(prefix + "[#" + i + "]" + suffix, walk));
            }
        }
        return new ElementWalk(pattern, found, held.size());
    }
}
