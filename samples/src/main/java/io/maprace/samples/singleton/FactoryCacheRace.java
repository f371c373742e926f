package io.maprace.samples.singleton;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Shape 1, racy: a static singleton cache. {@code --threads} workers use {@link Factory#DEFAULT} with no lock; each
 * step asks {@link Factory#widgetFor} for an ordinary name (check-then-put) and {@link Factory#evict evicts} another
 * ordinary name; one step in four also looks up a standard name (the standard names share hash codes, so their four
 * bins are red-black trees). A reloader thread calls {@link Factory#reload} every 100 ms (clear, then put the
 * standard names again).
 *
 * <p>Symptoms: the map's {@code size} drifts, usually below zero, after which {@code clear()} does nothing at all
 * ({@code HashMap.clear} only clears when {@code size > 0}); entries are lost and widgets created twice. The names
 * that churn stay in short list bins on purpose ({@link io.maprace.samples.Keys#spread}), so that the race keeps
 * running at a steady rate instead of ending, after a second or two, with every worker spinning in a corrupted tree
 * bin: {@code corrupt.SpinningTreeBin} shows that end state deterministically.
 *
 * <p>Racy map: {@code Factory.DEFAULT.cache}. Writes: {@link Factory#widgetFor}, {@link Factory#evict},
 * {@link Factory#reload}.
 */
public final class FactoryCacheRace implements SampleProgram {

    public static void main(String[] args) {
        SampleMain.main(new FactoryCacheRace(), args);
    }

    @Override
    public String name() {
        return "factory-cache";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("factory-worker", options.threads(), i -> FactoryCacheRace::work);
        workers.helper("factory-reloader", 100, () -> Factory.DEFAULT.reload(FactoryKeys.STANDARD));
    }

    /** One step: a lookup that may miss and put, an eviction, and every fourth step a lookup in a tree bin. */
    private static void work() {
        Factory.DEFAULT.widgetFor(FactoryKeys.ordinary());
        Factory.DEFAULT.evict(FactoryKeys.ordinary());
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
            Factory.DEFAULT.standardWidget(FactoryKeys.standard());
        }
    }

    @Override
    public String facts() {
        return "size=" + Factory.DEFAULT.size();
    }
}
