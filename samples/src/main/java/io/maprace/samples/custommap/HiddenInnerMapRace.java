package io.maprace.samples.custommap;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 6, racy: a {@code HashMap} hidden inside a custom {@code Map}. {@code --threads} workers attach to and detach
 * from batches of 8 of 48 shared objects in two hot categories of {@link Attachments#INSTANCE}. Each category's
 * {@link WeakIdentityMap} is created under the {@code Attachments} monitor, then written outside it through
 * {@code Map.computeIfAbsent} (the interface's default method, which calls the custom map's {@code get} and
 * {@code put}) and {@code remove}. Every 32 steps a worker also creates and drops a short-lived category, so the outer
 * map is written too, always under its monitor. A janitor clears the hot categories every 500 ms.
 *
 * <p>Symptoms: the inner maps' sizes drift (often below zero), attachments are lost or created twice.
 *
 * <p>Racy maps: {@code Attachments.INSTANCE.byCategory[*].map}, the {@code HashMap} two levels down, written by
 * {@code WeakIdentityMap.put}, {@code remove} and {@code clear}, called from {@link Attachments#attach},
 * {@link Attachments#attachAll} (through {@code Map.computeIfAbsent}), {@link Attachments#detachAll} and
 * {@link Attachments#clear}. Correct map: {@code Attachments.INSTANCE.byCategory}, written by
 * {@link Attachments#mapFor} and {@link Attachments#dropCategory} under the monitor.
 */
public final class HiddenInnerMapRace implements SampleProgram {

    /** Targets per batch: one lookup of the category's map, then this many writes to it. */
    private static final int BATCH = 8;

    public static void main(String[] args) {
        SampleMain.main(new HiddenInnerMapRace(), args);
    }

    @Override
    public String name() {
        return "hidden-inner-map";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("attach-worker", options.threads(), i -> new Runnable() {
            private final Object[] batch = new Object[BATCH];
            private long steps;

            @Override
            public void run() {
                String category = Targets.hotCategory();
                Attachments.INSTANCE.attachAll(category, Targets.fill(batch));
                Attachments.INSTANCE.detachAll(category, Targets.fill(batch));
                if ((++steps & 31) == 0) {
                    String scratch = "scratch-" + i + "-" + steps;
                    Attachments.INSTANCE.attach(scratch, Targets.any());
                    Attachments.INSTANCE.dropCategory(scratch);
                }
            }
        });
        workers.helper("attach-janitor", 500, () -> {
            for (String category : Targets.HOT_CATEGORIES) {
                Attachments.INSTANCE.clear(category);
            }
        });
    }

    @Override
    public String facts() {
        StringBuilder sizes = new StringBuilder();
        for (String category : Targets.HOT_CATEGORIES) {
            sizes.append(sizes.length() == 0 ? "" : ",").append(Attachments.INSTANCE.mapFor(category).size());
        }
        return "categories=" + Attachments.INSTANCE.categoryCount() + " innerSizes=" + sizes;
    }
}
