package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What is known of a map. A recording knows only its type (from the frames); a live session knows the owner
 * class, the field and the path from a GC root, and the instance.
 *
 * @param type the map's class ({@code java.util.HashMap}), or the family seen in frames
 * @param owner the class declaring the field that holds it, when known
 * @param field that field's name, when known
 * @param path the reference path from a static field ({@code com.foo.Factory.DEFAULT.cache}), when known
 * @param instance an id of the instance in the target (JDI unique id), when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MapRef(String type, String owner, String field, String path, Long instance) {

    public static MapRef ofType(String type) {
        return new MapRef(type, null, null, null, null);
    }

    /**
     * A path with every element step ({@code [3]}, {@code {value}}, {@code {"k"}}) written {@code [*]}: maps that
     * share it are reported together.
     */
    public static String pathPattern(String path) {
        if (path.indexOf('"') >= 0) {
            // a quoted key may hold braces and escapes: the patterns below read it right
            return VALUE.matcher(INDEX.matcher(path).replaceAll("[*]")).replaceAll("[*]");
        }
        // The same replacements in one pass, without regular expressions: a scan of a million maps names each
        // by its pattern.
        StringBuilder out = null;
        int n = path.length();
        int copied = 0;
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            int end = -1;
            if (c == '[') {
                int j = i + 1;
                while (j < n && path.charAt(j) >= '0' && path.charAt(j) <= '9') {
                    j++;
                }
                end = j > i + 1 && j < n && path.charAt(j) == ']' ? j : -1;
            } else if (c == '{') {
                end = path.indexOf('}', i + 1);
            }
            if (end >= 0) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(path, copied, i).append("[*]");
                copied = end + 1;
                i = end;
            }
        }
        return out == null ? path : out.append(path, copied, n).toString();
    }

    /** Compiled once: a scan of a million maps names each by its pattern. */
    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("\\[\\d+]");
    private static final java.util.regex.Pattern VALUE =
            java.util.regex.Pattern.compile("\\{(\"(\\\\.|[^\"\\\\])*\"|[^}\"]*)}");

    /** A short label for text and graphs: the path when known, otherwise the type. */
    public String label() {
        if (path != null) {
            return path;
        }
        if (owner != null && field != null) {
            return owner + "#" + field;
        }
        return type;
    }
}
