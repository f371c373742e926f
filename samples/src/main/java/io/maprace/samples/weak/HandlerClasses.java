package io.maprace.samples.weak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Plugin handler classes that keep coming and going: hidden copies of {@link Handler} (about 20 us each), of which
 * a small pool is alive at any time. A class replaced in the pool is garbage, unloaded at the next full GC, and its
 * entries in a {@code WeakHashMap} go stale.
 */
final class HandlerClasses {

    static final int LIVE = 64;

    private static final byte[] TEMPLATE = readTemplate();

    private final AtomicReferenceArray<Class<?>> live = new AtomicReferenceArray<>(LIVE);
    private final AtomicLong defined = new AtomicLong();

    HandlerClasses() {
        for (int i = 0; i < LIVE; i++) {
            live.set(i, define());
        }
    }

    /** A random live handler class. */
    Class<?> any() {
        return live.get(ThreadLocalRandom.current().nextInt(LIVE));
    }

    /** Replaces {@code count} random live classes with new ones; the old ones become garbage. */
    void replace(int count) {
        for (int i = 0; i < count; i++) {
            live.set(ThreadLocalRandom.current().nextInt(LIVE), define());
        }
    }

    long defined() {
        return defined.get();
    }

    private Class<?> define() {
        try {
            Class<?> type = MethodHandles.lookup().defineHiddenClass(TEMPLATE, false).lookupClass();
            defined.incrementAndGet();
            return type;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot define a hidden handler class", e);
        }
    }

    private static byte[] readTemplate() {
        try (InputStream in = Handler.class.getResourceAsStream("Handler.class")) {
            if (in == null) {
                throw new IllegalStateException("Handler.class not found next to " + HandlerClasses.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
