package io.maprace.cli.render;

import java.util.function.Supplier;

/** The output formats every report command offers. */
public enum Format {
    JSON(JsonRenderer::new);

    private final Supplier<Renderer> renderer;

    Format(Supplier<Renderer> renderer) {
        this.renderer = renderer;
    }

    public Renderer renderer() {
        return renderer.get();
    }
}
