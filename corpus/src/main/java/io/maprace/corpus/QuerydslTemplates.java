package io.maprace.corpus;

import com.mysema.query.types.TemplateFactory;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.Workers;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shape 1, a static singleton cache: Querydsl's {@code TemplateFactory.DEFAULT} keeps the templates it parsed in a
 * plain {@code HashMap} ({@code cache}), check-then-put in {@code create(String)} with no lock
 * (querydsl issue 341; 3.0.0 made it a {@code ConcurrentHashMap}). Each worker asks for templates the way an
 * application builds queries: mostly ones seen recently, and a few new ones every second, so the cache keeps growing
 * and being written for as long as the driver runs.
 */
public final class QuerydslTemplates implements CorpusDriver {

    static final String NAME = "querydsl-templates";
    /** New template texts per second, all workers together. */
    private static final int NEW_PER_SECOND = 3_000;
    private static final int RECENT = 500;

    private final long start = System.nanoTime();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("query-worker", options.threads(), i -> this::work);
    }

    private void work() {
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        long base = elapsedMillis * NEW_PER_SECOND / 1000;
        long n = base + ThreadLocalRandom.current().nextInt(RECENT);
        TemplateFactory.DEFAULT.create("{0} op" + n + " {1}");
    }

    @Override
    public List<MapDamage.Result> check() {
        Object cache = MapDamage.field(TemplateFactory.DEFAULT, TemplateFactory.class, "cache");
        return List.of(MapDamage.check("com.mysema.query.types.TemplateFactory.DEFAULT.cache", cache));
    }
}
