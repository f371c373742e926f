package io.maprace.cli.render;

import java.util.Collection;

/**
 * HTML and SVG text from untrusted strings. The result is ASCII: markup characters and quotes become entities,
 * other characters numeric references, so a page written to a terminal in the C locale loses nothing, and the
 * same escaping is safe in text and in quoted attribute values.
 */
final class Html {

    private Html() {
    }

    /** Escapes a string for text or a double- or single-quoted attribute value. */
    static String esc(String s) {
        String v = RenderSupport.visible(s);
        StringBuilder b = new StringBuilder(v.length() + 16);
        v.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (cp < 0x80) {
                        b.append((char) cp);
                    } else {
                        b.append("&#").append(cp).append(';');
                    }
                }
            }
        });
        return b.toString();
    }

    /** Values joined by spaces, each escaped: for {@code data-findings="F1 F2"}. */
    static String escList(Collection<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(esc(v.replace(' ', '_')));
        }
        return b.toString();
    }

    /**
     * {@code <code>value</code>}, with a line-break opportunity after each {@code .}, {@code $} and {@code (}
     * so that a long class name or site wraps between its parts, not in the middle of a word.
     */
    static String code(String s) {
        return "<code>" + esc(s).replaceAll("([.$(])(?=[^.$(])", "$1<wbr>") + "</code>";
    }

    /** A number for an SVG coordinate: one decimal, no locale. */
    static String num(double d) {
        long tenths = Math.round(d * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10.0) + "";
    }
}
