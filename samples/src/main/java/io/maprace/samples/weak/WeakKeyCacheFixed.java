package io.maprace.samples.weak;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 3, fixed twin of {@link WeakKeyCacheRace}: the same work, threads, class churn and GC pressure on
 * {@link SynchronizedHandlerCache}, a static {@code WeakHashMap} behind {@code Collections.synchronizedMap}.
 *
 * <p>Map: {@code SynchronizedHandlerCache.CACHE.m} (the {@code WeakHashMap} inside the wrapper). Writes:
 * {@link SynchronizedHandlerCache#infoFor}, {@link SynchronizedHandlerCache#forget},
 * {@link SynchronizedHandlerCache#size}, {@link SynchronizedHandlerCache#clear}, all through the
 * {@code Collections$SynchronizedMap} frame.
 */
public final class WeakKeyCacheFixed implements SampleProgram {

    private final HandlerClasses classes = new HandlerClasses();
    /** The size a worker saw last: {@code size()} expunges, so the reporting thread must not call it itself. */
    private volatile int lastSize;

    public static void main(String[] args) {
        SampleMain.main(new WeakKeyCacheFixed(), args);
    }

    @Override
    public String name() {
        return "weak-key-cache-fixed";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("handler-worker", options.threads(), i -> new Runnable() {
            private int steps;

            @Override
            public void run() {
                SynchronizedHandlerCache.infoFor(classes.any());
                SynchronizedHandlerCache.forget(classes.any());
                if ((++steps & 15) == 0) {
                    lastSize = SynchronizedHandlerCache.size();
                }
            }
        });
        workers.helper("handler-loader", 5, () -> classes.replace(4));
        workers.helper("gc-pressure", 200, System::gc);
        workers.helper("handler-janitor", 500, SynchronizedHandlerCache::clear);
    }

    @Override
    public String facts() {
        return "size=" + lastSize + " live=" + HandlerClasses.LIVE
                + " classesDefined=" + classes.defined();
    }
}
