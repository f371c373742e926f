package io.maprace.cli.render;

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
}
