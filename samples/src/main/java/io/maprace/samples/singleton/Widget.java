package io.maprace.samples.singleton;

/** What the factory makes; cheap to create, so that a cache miss is quickly followed by a {@code put}. */
public record Widget(String name) {
}
