package io.maprace.cli.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the text report goes, and its layout: headings, labelled fields, lines wrapped at {@link #WIDTH}.
 * Everything written passes through {@link RenderSupport#visible} here, so no string from the report can reach
 * the terminal as a control sequence; the only escape sequences are {@link #styled}'s own, and only when color
 * is on.
 */
final class TextOut {

    static final int WIDTH = 100;
    static final String LABEL_INDENT = "    ";
    static final int LABEL_WIDTH = 10;

    static final String BOLD = "\u001b[1m";
    static final String DIM = "\u001b[2m";
    static final String RED = "\u001b[1;31m";
    static final String YELLOW = "\u001b[1;33m";
    static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";

    private final Appendable out;
    private final boolean color;

    TextOut(Appendable out, boolean color) {
        this.out = out;
        this.color = color;
    }

    TextOut text(String s) throws IOException {
        out.append(plain(s));
        return this;
    }

    TextOut styled(String style, String s) throws IOException {
        if (color) {
            out.append(style).append(plain(s)).append(RESET);
        } else {
            out.append(plain(s));
        }
        return this;
    }

    private static String plain(String s) {
        return RenderSupport.visible(s).replace(Times.NBSP, " ");
    }

    TextOut nl() throws IOException {
        out.append('\n');
        return this;
    }

    void heading(String title) throws IOException {
        styled(BOLD, title).nl();
        text("-".repeat(title.length())).nl();
    }

    /** A labelled field: the first line after the label, more values (or wrapped lines) aligned under it. */
    void field(String label, List<String> values, String indent) throws IOException {
        String first = indent + pad(label);
        String rest = indent + " ".repeat(LABEL_WIDTH);
        for (int i = 0; i < values.size(); i++) {
            // Explanations may hold paragraphs; each one wraps on its own.
            String[] paragraphs = values.get(i).split("\n");
            for (int p = 0; p < paragraphs.length; p++) {
                wrapped(i == 0 && p == 0 ? first : rest, rest, RenderSupport.visible(paragraphs[p]));
            }
        }
    }

    static String pad(String label) {
        return label + " ".repeat(Math.max(1, LABEL_WIDTH - label.length()));
    }

    /** Writes {@code text} wrapped at spaces to {@link #WIDTH}; a word longer than a line stays whole. */
    void wrapped(String firstPrefix, String restPrefix, String text) throws IOException {
        wrapped(firstPrefix, restPrefix, text, null);
    }

    void wrapped(String firstPrefix, String restPrefix, String text, String style) throws IOException {
        for (String line : wrap(firstPrefix, restPrefix, text, WIDTH)) {
            if (style == null) {
                text(line).nl();
            } else {
                // Only the text is styled: the indentation stays plain, so copied text keeps no stray codes.
                String trimmed = line.stripLeading();
                text(line.substring(0, line.length() - trimmed.length())).styled(style, trimmed).nl();
            }
        }
    }

    static List<String> wrap(String firstPrefix, String restPrefix, String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(firstPrefix);
        int start = line.length();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > start && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(restPrefix);
                start = line.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
