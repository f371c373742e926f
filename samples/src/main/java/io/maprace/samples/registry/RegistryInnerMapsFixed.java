package io.maprace.samples.registry;

import io.maprace.samples.SampleMain;
import io.maprace.samples.SampleOptions;
import io.maprace.samples.SampleProgram;
import io.maprace.samples.Workers;

/**
 * Shape 4, fixed twin of {@link RegistryInnerMapsRace}: the same work on {@link ConcurrentEntryRegistry#INSTANCE},
 * whose entries keep their caches in {@code ConcurrentHashMap}s.
 *
 * <p>Maps: {@code ConcurrentEntryRegistry.INSTANCE.entries[*].cache}. Writes: {@link ConcurrentEntry#valueFor},
 * {@link ConcurrentEntry#invalidate}, {@link ConcurrentEntry#clear}. The registry map is written by
 * {@link ConcurrentEntryRegistry#entryFor} and {@link ConcurrentEntryRegistry#retire} under its monitor.
 */
public final class RegistryInnerMapsFixed implements SampleProgram {

    /** Cache operations per entry lookup, as a request that uses its entry a few times. */
    private static final int BATCH = 8;

    public static void main(String[] args) {
        SampleMain.main(new RegistryInnerMapsFixed(), args);
    }

    @Override
    public String name() {
        return "registry-inner-maps-fixed";
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("registry-worker", options.threads(), i -> new Runnable() {
            private long steps;

            @Override
            public void run() {
                ConcurrentEntry entry = ConcurrentEntryRegistry.INSTANCE.entryFor(RegistryKeys.hotEntry());
                for (int n = 0; n < BATCH; n++) {
                    entry.valueFor(RegistryKeys.cacheKey());
                    entry.invalidate(RegistryKeys.cacheKey());
                }
                if ((++steps & 31) == 0) {
                    String session = "session-" + i + "-" + steps;
                    ConcurrentEntryRegistry.INSTANCE.entryFor(session).valueFor("opened");
                    ConcurrentEntryRegistry.INSTANCE.retire(session);
                }
            }
        });
        workers.helper("registry-janitor", 200, () -> {
            for (String name : RegistryKeys.HOT_ENTRIES) {
                ConcurrentEntryRegistry.INSTANCE.entryFor(name).clear();
            }
        });
    }

    @Override
    public String facts() {
        StringBuilder sizes = new StringBuilder();
        for (String name : RegistryKeys.HOT_ENTRIES) {
            ConcurrentEntry entry = ConcurrentEntryRegistry.INSTANCE.entryFor(name);
            sizes.append(sizes.length() == 0 ? "" : ",").append(entry.size());
        }
        return "entries=" + ConcurrentEntryRegistry.INSTANCE.size() + " innerSizes=" + sizes;
    }
}
