package io.maprace.samples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code key=value} fields of the samples' output lines. */
final class Lines {

    private Lines() {
    }

    /** The {@code key=value} pairs of {@code line}, in order (the first word, e.g. {@code progress}, is skipped). */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : line.trim().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }

    static long number(String line, String key) {
        String value = fields(line).get(key);
        if (value == null) {
            throw new AssertionError("no " + key + "= in: " + line);
        }
        return Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
    }

    static String last(List<String> lines) {
        if (lines.isEmpty()) {
            throw new AssertionError("no output");
        }
        return lines.get(lines.size() - 1);
    }
}
