package io.maprace.corpus;

import io.maprace.samples.SampleOptions;
import io.maprace.samples.Workers;
import ro.isdc.wro.config.Context;
import ro.isdc.wro.model.group.processor.Injector;
import ro.isdc.wro.model.group.processor.InjectorBuilder;

import java.util.List;

/**
 * Shape 3, a cache with weak keys: wro4j's {@code Injector} remembers the objects it injected in a plain
 * {@code WeakHashMap} ({@code injectedObjects}) written by {@code inject} with no lock (wro4j issue 740, an endless
 * loop in production; 1.7.0 wraps it in {@code Collections.synchronizedMap}). Its keys are boxed identity hash codes,
 * garbage as soon as they are put, so every later access also expunges. The application shares one injector (held in
 * a static field) between the threads that build processors.
 */
public final class Wro4jInjector implements CorpusDriver {

    static final String NAME = "wro4j-injector";
    static final Injector INJECTOR = build();

    /** What the application injects: a processor with nothing to inject. */
    static final class Processor {
    }

    /** As a standalone wro4j (a build tool, a test) builds its injector: inside a standalone context. */
    private static Injector build() {
        Context.set(Context.standaloneContext());
        try {
            return new InjectorBuilder().build();
        } finally {
            Context.unset();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("inject-worker", options.threads(), i -> () -> INJECTOR.inject(new Processor()));
    }

    @Override
    public List<MapDamage.Result> check() {
        Object map = MapDamage.field(INJECTOR, Injector.class, "injectedObjects");
        return List.of(MapDamage.check("io.maprace.corpus.Wro4jInjector.INJECTOR.injectedObjects", map));
    }
}
