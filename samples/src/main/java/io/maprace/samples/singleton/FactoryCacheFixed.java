package io.maprace.samples.singleton;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

import java.util.concurrent.ThreadLocalRandom;

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

    /** One step: a lookup that may miss and put, an eviction, and every fourth step a lookup in a tree bin. */
    private static void work() {
        ConcurrentFactory.DEFAULT.widgetFor(FactoryKeys.ordinary());
        ConcurrentFactory.DEFAULT.evict(FactoryKeys.ordinary());
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
            ConcurrentFactory.DEFAULT.standardWidget(FactoryKeys.standard());
        }
    }

    @Override
    public String facts() {
        return "size=" + ConcurrentFactory.DEFAULT.size();
    }
}
