package io.maprace.samples.lru;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 2, fixed twin of {@link ReadLockedLruRace}: the same work on {@link SynchronizedQuoteService#INSTANCE}, whose
 * LRU map sits behind {@code Collections.synchronizedMap} and no read-write lock. The size stays within the bound.
 *
 * <p>Map: {@code SynchronizedQuoteService.INSTANCE.quotes.lru} (wrapped by {@code quotes.map}). Writes:
 * {@link SynchronizedLru#get}, {@link SynchronizedLru#put}, through the {@code Collections$SynchronizedMap} frame.
 */
public final class ReadLockedLruFixed implements SampleProgram {

    public static void main(String[] args) {
        SampleMain.main(new ReadLockedLruFixed(), args);
    }

    @Override
    public String name() {
        return "read-locked-lru-fixed";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("quote-worker", options.threads(), i -> ReadLockedLruFixed::work);
    }

    private static void work() {
        SynchronizedQuoteService.INSTANCE.quote(Symbols.next());
    }

    @Override
    public String facts() {
        SynchronizedLru<String, Quote> cache = SynchronizedQuoteService.INSTANCE.cache();
        int size = cache.size();
        return "size=" + size + " max=" + cache.maxSize() + " overBound=" + (size > cache.maxSize())
                + " evictions=" + cache.evictions();
    }
}
