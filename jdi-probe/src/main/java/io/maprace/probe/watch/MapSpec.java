package io.maprace.probe.watch;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.util.regex.Pattern;

/**
 * A map the user named with {@code --map}: a path from a static field ({@code com.foo.Factory.DEFAULT.cache}),
 * or a field whose every instance is watched ({@code com.foo.Registry#cache}).
 */
public sealed interface MapSpec {

    /** {@code com.foo.Factory.DEFAULT.cache}: a static field, then instance fields, to one map. */
    record Path(String text) implements MapSpec {
    }

    /** {@code com.foo.Registry#cache}: every instance of this field, found as they are written. */
    record EveryInstance(String className, String field) implements MapSpec {
        public String text() {
            return className + "#" + field;
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
        if (!qualified(s) || s.indexOf('.') < 0) {
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

    private static MapraceException bad(String text) {
        return new MapraceException(Problem.USAGE, "bad --map '" + text + "' — name a path from a static field"
                + " (com.foo.Factory.DEFAULT.cache) or a field of every instance (com.foo.Registry#cache)");
    }
}
