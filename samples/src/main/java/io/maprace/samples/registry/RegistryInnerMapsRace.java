package io.maprace.samples.registry;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 4, racy: inner maps reached through a correctly locked registry. {@code --threads} workers get one of three
 * hot entries from {@link Registry#INSTANCE} (a {@code synchronized} method) and then use the entry's own
 * {@code HashMap} without a lock, eight times: check-then-put a value, invalidate another. Every 32 steps a worker
 * also registers and retires a short-lived entry of its own, so the registry map is written too, always under its
 * monitor. A janitor clears the hot entries' caches every 200 ms.
 *
 * <p>Symptoms: the inner maps' sizes drift (often below zero) and entries are lost. The registry map is not racy.
 *
 * <p>Racy maps: {@code Registry.INSTANCE.entries[*].cache}. Writes: {@link Entry#valueFor}, {@link Entry#invalidate},
 * {@link Entry#clear}. Correct map: {@code Registry.INSTANCE.entries}, written by {@link Registry#entryFor} and
 * {@link Registry#retire} under the registry's monitor.
 */
public final class RegistryInnerMapsRace implements SampleProgram {

    /** Cache operations per entry lookup, as a request that uses its entry a few times. */
    private static final int BATCH = 8;

    public static void main(String[] args) {
        SampleMain.main(new RegistryInnerMapsRace(), args);
    }

    @Override
    public String name() {
        return "registry-inner-maps";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("registry-worker", options.threads(), i -> new Runnable() {
            private long steps;

            @Override
            public void run() {
                Entry entry = Registry.INSTANCE.entryFor(RegistryKeys.hotEntry());
                for (int n = 0; n < BATCH; n++) {
                    entry.valueFor(RegistryKeys.cacheKey());
                    entry.invalidate(RegistryKeys.cacheKey());
                }
                if ((++steps & 31) == 0) {
                    String session = "session-" + i + "-" + steps;
                    Registry.INSTANCE.entryFor(session).valueFor("opened");
                    Registry.INSTANCE.retire(session);
                }
            }
        });
        workers.helper("registry-janitor", 200, () -> {
            for (String name : RegistryKeys.HOT_ENTRIES) {
                Registry.INSTANCE.entryFor(name).clear();
            }
        });
    }

    @Override
    public String facts() {
        StringBuilder sizes = new StringBuilder();
        for (String name : RegistryKeys.HOT_ENTRIES) {
            sizes.append(sizes.length() == 0 ? "" : ",").append(Registry.INSTANCE.entryFor(name).size());
        }
        return "entries=" + Registry.INSTANCE.size() + " innerSizes=" + sizes;
    }
}
