package io.maprace.samples.weak;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 3, racy: a static {@code WeakHashMap<Class<?>, HandlerInfo>} ({@link HandlerCache}) used by
 * {@code --threads} workers without a lock. Keys are hidden classes: a loader thread replaces a few of the 64 live
 * handler classes every 5 ms, and a GC thread runs {@code System.gc()} every 200 ms, which unloads the dropped classes
 * and makes their entries stale; a janitor clears the cache every 500 ms. Each step looks a class up (expunging, then
 * putting on a miss), forgets another, and every 16th step also asks for the size (expunging again).
 *
 * <p>Symptoms: a wrong, even negative, {@code size} (a correct map also counts more than the 64 live classes: the
 * dropped ones until the next GC unloads them); stale entries relinked by a racing {@code put} after they were
 * expunged, which can never be expunged again.
 *
 * <p>Racy map: {@code HandlerCache.CACHE}. Writes: {@link HandlerCache#infoFor}, {@link HandlerCache#forget},
 * {@link HandlerCache#size} (an expunging read), {@link HandlerCache#clear}.
 */
public final class WeakKeyCacheRace implements SampleProgram {

    private final HandlerClasses classes = new HandlerClasses();
    /** The size a worker saw last: {@code size()} expunges, so the reporting thread must not call it itself. */
    private volatile int lastSize;

    public static void main(String[] args) {
        SampleMain.main(new WeakKeyCacheRace(), args);
    }

    @Override
    public String name() {
        return "weak-key-cache";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("handler-worker", options.threads(), i -> new Runnable() {
            private int steps;

            @Override
            public void run() {
                HandlerCache.infoFor(classes.any());
                HandlerCache.forget(classes.any());
                if ((++steps & 15) == 0) {
                    lastSize = HandlerCache.size();
                }
            }
        });
        workers.helper("handler-loader", 5, () -> classes.replace(4));
        workers.helper("gc-pressure", 200, System::gc);
        // Races make the map's size count drift; a clear now and then resets it before it reaches the resize
        // threshold (a concurrent WeakHashMap resize can tie a bin into a cycle and hang every thread).
        workers.helper("handler-janitor", 500, HandlerCache::clear);
    }

    @Override
    public String facts() {
        return "size=" + lastSize + " live=" + HandlerClasses.LIVE
                + " classesDefined=" + classes.defined();
    }
}
