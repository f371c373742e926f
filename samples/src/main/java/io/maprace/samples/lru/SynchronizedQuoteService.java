package io.maprace.samples.lru;

/** Quotes through the same LRU cache behind {@code Collections.synchronizedMap} ({@link SynchronizedLru}). */
public final class SynchronizedQuoteService {

    public static final SynchronizedQuoteService INSTANCE = new SynchronizedQuoteService();

    private final SynchronizedLru<String, Quote> quotes = new SynchronizedLru<>(Symbols.MAX_SIZE);

    public Quote quote(String symbol) {
        Quote quote = quotes.get(symbol);
        if (quote == null) {
            quote = Quote.of(symbol);
            quotes.put(symbol, quote);
        }
        return quote;
    }

    SynchronizedLru<String, Quote> cache() {
        return quotes;
    }
}
