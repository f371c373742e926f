package io.maprace.samples.custommap;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 6, fixed twin of {@link HiddenInnerMapRace}: the same work on {@link SynchronizedAttachments#INSTANCE}, whose
 * inner maps are {@link SynchronizedWeakIdentityMap}s (every method {@code synchronized}).
 *
 * <p>Maps: {@code SynchronizedAttachments.INSTANCE.byCategory[*].map}, written by {@code WeakIdentityMap.put},
 * {@code remove} and {@code clear} under the synchronized {@code SynchronizedWeakIdentityMap} methods, called from
 * {@link SynchronizedAttachments#attach}, {@link SynchronizedAttachments#attachAll},
 * {@link SynchronizedAttachments#detachAll} and {@link SynchronizedAttachments#clear}.
 */
public final class HiddenInnerMapFixed implements SampleProgram {

    /** Targets per batch: one lookup of the category's map, then this many writes to it. */
    private static final int BATCH = 8;

    public static void main(String[] args) {
        SampleMain.main(new HiddenInnerMapFixed(), args);
    }

    @Override
    public String name() {
        return "hidden-inner-map-fixed";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("attach-worker", options.threads(), i -> new Runnable() {
            private final Object[] batch = new Object[BATCH];
            private long steps;

            @Override
            public void run() {
                String category = Targets.hotCategory();
                SynchronizedAttachments.INSTANCE.attachAll(category, Targets.fill(batch));
                SynchronizedAttachments.INSTANCE.detachAll(category, Targets.fill(batch));
                if ((++steps & 31) == 0) {
                    String scratch = "scratch-" + i + "-" + steps;
                    SynchronizedAttachments.INSTANCE.attach(scratch, Targets.any());
                    SynchronizedAttachments.INSTANCE.dropCategory(scratch);
                }
            }
        });
        workers.helper("attach-janitor", 500, () -> {
            for (String category : Targets.HOT_CATEGORIES) {
                SynchronizedAttachments.INSTANCE.clear(category);
            }
        });
    }

    @Override
    public String facts() {
        StringBuilder sizes = new StringBuilder();
        for (String category : Targets.HOT_CATEGORIES) {
            int size = SynchronizedAttachments.INSTANCE.mapFor(category).size();
            sizes.append(sizes.length() == 0 ? "" : ",").append(size);
        }
        return "categories=" + SynchronizedAttachments.INSTANCE.categoryCount() + " innerSizes=" + sizes;
    }
}
