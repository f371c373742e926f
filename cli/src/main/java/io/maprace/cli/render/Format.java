package io.maprace.cli.render;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Supplier;

/** The output formats every report command offers; the first is the default. */
public enum Format {
    /** For people: a terminal or a ticket. */
    TEXT(TextRenderer::new),
    /** For programs: the stable report format. */
    JSON(JsonRenderer::new),
    /** The thread graph for Graphviz. */
    DOT(DotRenderer::new),
    /** One self-contained page with the thread graph drawn. */
    HTML(HtmlRenderer::new);

    private final Supplier<Renderer> renderer;

    Format(Supplier<Renderer> renderer) {
        this.renderer = renderer;
    }

    public Renderer renderer() {
        return renderer.get();
    }

    /** The names as users type them ({@code text, json, dot, html}), for help and shell completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }
}
