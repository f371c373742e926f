package io.maprace.probe.watch;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.util.regex.Pattern;

/**
 * A map the user named with {@code --map}: a path from a static field ({@code com.foo.Factory.DEFAULT.cache}),
 * or a field whose every instance is watched ({@code com.foo.Registry#cache}).
 */
public sealed interface MapSpec {

    /**
     * {@code com.foo.Factory.DEFAULT.cache}: a static field, then instance fields, to one map. A {@code [*]} step
     * ({@code com.foo.Registry.INSTANCE.entries[*].cache}) goes through every value of a map (every element of a
     * set, array or list): the path then names every instance of the field it ends in.
     */
    record Path(String text) implements MapSpec {
        public boolean everyElement() {
            return text.contains("[*]");
        }
    }

    /** {@code com.foo.Registry#cache}: every instance of this field, found as they are written. */
    record EveryInstance(String className, String field) implements MapSpec {
        public String text() {
            return className + "#" + field;
        }
    }

    /**
     * A map instance found in the target (by {@code scan}), with the field that holds it: what the watch takes
     * when the user names no map. Valid only on the connection it was found on.
     *
     * @param owner binary name of the class declaring the field
     * @param path how the report names it (the scan's path)
     */
    record Found(com.sun.jdi.ObjectReference map, String owner, String field, String path) implements MapSpec {
        public String text() {
            return path;
        }
    }

    Pattern IDENT = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

    String text();

    /** Parses the syntax only; resolving it needs the target. */
    static MapSpec parse(String text) {
        String s = text.strip();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            String cls = s.substring(0, hash);
            String field = s.substring(hash + 1);
            if (!qualified(cls) || !IDENT.matcher(field).matches()) {
                throw bad(text);
            }
            return new EveryInstance(cls, field);
        }
        if (!path(s) || s.indexOf('.') < 0) {
            throw bad(text);
        }
        return new Path(s);
    }

    private static boolean qualified(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (!IDENT.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #qualified}, each segment possibly followed by {@code [*]} steps (not the first). */
    private static boolean path(String name) {
        String[] parts = name.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            while (i > 0 && part.endsWith("[*]")) {
                part = part.substring(0, part.length() - 3);
            }
            if (!IDENT.matcher(part).matches()) {
                return false;
            }
        }
        return !parts[parts.length - 1].endsWith("[*]");
    }

    private static MapraceException bad(String text) {
        return new MapraceException(Problem.USAGE, "bad --map '" + text + "' — name a path from a static field"
                + " (com.foo.Factory.DEFAULT.cache) or a field of every instance (com.foo.Registry#cache)");
    }
}
