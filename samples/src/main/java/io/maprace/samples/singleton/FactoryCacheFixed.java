package io.maprace.samples.singleton;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 1, fixed twin of {@link FactoryCacheRace}: the same work at the same rate on {@link ConcurrentFactory#DEFAULT},
 * whose {@code ConcurrentHashMap} is filled with {@code computeIfAbsent}.
 *
 * <p>Map: {@code ConcurrentFactory.DEFAULT.cache}. Writes: {@link ConcurrentFactory#widgetFor},
 * {@link ConcurrentFactory#evict}, {@link ConcurrentFactory#reload}.
 */
public final class FactoryCacheFixed implements SampleProgram {

    public static void main(String[] args) {
        SampleMain.main(new FactoryCacheFixed(), args);
    }

    @Override
    public String name() {
        return "factory-cache-fixed";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("factory-worker", options.threads(), i -> FactoryCacheFixed::work);
        workers.helper("factory-reloader", 100, () -> ConcurrentFactory.DEFAULT.reload(FactoryKeys.STANDARD));
    }

    /** One step, as in the racy twin: a lookup that may miss and put, a lookup in a tree bin, an eviction. */
    private static void work() {
        ConcurrentFactory.DEFAULT.widgetFor(FactoryKeys.ordinary());
        ConcurrentFactory.DEFAULT.standardWidget(FactoryKeys.standard());
        ConcurrentFactory.DEFAULT.evict(FactoryKeys.ordinary());
    }

    @Override
    public String facts() {
        return "size=" + ConcurrentFactory.DEFAULT.size();
    }
}
