package io.maprace.samples.weak;

/**
 * What the cache stores per handler class. It holds the class's name, never the class itself: a value that
 * referred to its key (a {@code Method}, say) would keep the weak key alive forever.
 */
public record HandlerInfo(String className) {

    static HandlerInfo of(Class<?> type) {
        return new HandlerInfo(type.getName());
    }
}
