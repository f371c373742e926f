package io.maprace.samples.lru;

/** A cached price quote. */
public record Quote(String symbol, long priceCents) {

    /** Computes a quote (cheaply: the samples want the time spent in the cache, not here). */
    static Quote of(String symbol) {
        return new Quote(symbol, 100 + (symbol.hashCode() & 0xffff));
    }
}
