package io.maprace.samples.lru;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 2, racy: an LRU cache written under the wrong lock. {@code --threads} workers ask
 * {@link QuoteService#INSTANCE} for quotes; the cache is an access-ordered {@link LruMap} (bound 500) in a
 * {@link ReadLockedLru}, which looks up under the read lock and stores under the write lock. Lookups hit four times
 * in five, so several threads are relinking entries at once under the shared read lock.
 *
 * <p>Symptom: the linked list gets cut; entries no longer reachable from its head are never evicted, and the
 * "bounded" cache grows past its bound ({@code overBound=true}) with no exception.
 *
 * <p>Racy map: {@code QuoteService.INSTANCE.quotes.map}. Writes: {@link ReadLockedLru#get} (the hidden write, under
 * the read lock), {@link ReadLockedLru#put} (under the write lock).
 */
public final class ReadLockedLruRace implements SampleProgram {

    public static void main(String[] args) {
        SampleMain.main(new ReadLockedLruRace(), args);
    }

    @Override
    public String name() {
        return "read-locked-lru";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("quote-worker", options.threads(), i -> ReadLockedLruRace::work);
    }

    /** One step: a lookup (a write: it relinks the entry), and a put on a miss. */
    private static void work() {
        QuoteService.INSTANCE.quote(Symbols.next());
    }

    @Override
    public String facts() {
        ReadLockedLru<String, Quote> cache = QuoteService.INSTANCE.cache();
        int size = cache.size();
        return "size=" + size + " max=" + cache.maxSize() + " overBound=" + (size > cache.maxSize())
                + " evictions=" + cache.evictions();
    }
}
