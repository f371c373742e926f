package io.maprace.samples.lru;

/** Quotes through a bounded LRU cache guarded by a read-write lock ({@link ReadLockedLru}): racy. */
public final class QuoteService {

    public static final QuoteService INSTANCE = new QuoteService();

    private final ReadLockedLru<String, Quote> quotes = new ReadLockedLru<>(Symbols.MAX_SIZE);

    public Quote quote(String symbol) {
        Quote quote = quotes.get(symbol);
        if (quote == null) {
            quote = Quote.of(symbol);
            quotes.put(symbol, quote);
        }
        return quote;
    }

    ReadLockedLru<String, Quote> cache() {
        return quotes;
    }
}
