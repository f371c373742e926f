package io.maprace.heapdump.live;

import java.nio.file.Path;

/**
 * What a heap dump of a live JVM will cost, said before it is taken.
 *
 * @param usedBytes the heap's used bytes, or -1 when the JVM does not publish them
 * @param directory where the dump will be written (a private directory is made there)
 * @param freeBytes usable space there
 * @param neededBytes the space the dump may take (a multiple of the used heap), or -1 when unknown
 */
public record DumpPlan(String target, long usedBytes, Path directory, long freeBytes, long neededBytes) {

    /** Seconds the JVM stops per GB of used heap while it dumps: JDK-8252768 gives ~1 s; measured up to 3.5 s here. */
    static final double LOW_SECONDS_PER_GB = 1.0;
    static final double HIGH_SECONDS_PER_GB = 3.5;

    public boolean fits() {
        return neededBytes < 0 || neededBytes <= freeBytes;
    }

    /** The lines said to the user before asking. */
    public String describe() {
        String used = usedBytes < 0 ? "an unknown amount of heap (the JVM publishes no heap counters)"
                : mb(usedBytes) + " of used heap";
        String pause = usedBytes < 0 ? "about " + LOW_SECONDS_PER_GB + "-" + HIGH_SECONDS_PER_GB + " s per GB of heap"
                : usedBytes / 1e9 * HIGH_SECONDS_PER_GB < 1
                ? String.format("about %.0f-%.0f ms", usedBytes / 1e6 * LOW_SECONDS_PER_GB,
                usedBytes / 1e6 * HIGH_SECONDS_PER_GB)
                : String.format("about %.1f-%.1f s", usedBytes / 1e9 * LOW_SECONDS_PER_GB,
                usedBytes / 1e9 * HIGH_SECONDS_PER_GB);
        String disk = neededBytes < 0 ? "an unknown amount of disk" : "up to " + mb(neededBytes) + " of disk";
        return "--heap-dump: " + target + " has " + used + "; a heap dump stops ALL its threads for " + pause
                + " (a full GC, then the dump; JDK 22+ stops them only for its first phase), and takes " + disk
                + " in a private directory under " + directory + " (" + mb(freeBytes) + " free); maprace deletes "
                + "the dump after the scan unless --keep is given";
    }

    private static String mb(long bytes) {
        return bytes >= 10L << 30 ? String.format("%.1f GB", bytes / (double) (1L << 30)) : (bytes >> 20) + " MB";
    }
}
