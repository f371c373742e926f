package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * Why {@code watch} chose a map when the user named none: the report's {@code source.stats.watchedBecause}.
 *
 * @param map the scan's path, or {@code Owner#field} for a field watched on every instance
 * @param why what ranked it
 * @param instances for {@link Why#PER_INSTANCE}, how many instances the scan found; 1 otherwise
 * @param site for {@link Why#SAMPLED}, the write site the flight recording sampled; null otherwise
 */
public record WatchChoice(String map, Why why, int instances, String site) {

    /** What ranks a map for watching, strongest first: what a recording saw written beside the scan's ranks. */
    public enum Why {
        SAMPLED("sampled writing by several threads (flight recording)"),
        CORRUPTED("scan found it corrupted"),
        SHARED_WRITTEN("shared, and written while scanned"),
        SHARED("shared"),
        PER_INSTANCE("one per instance of its class");

        private final String words;

        Why(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public WatchChoice {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(why, "why");
    }

    public WatchChoice(String map, Why why, int instances) {
        this(map, why, instances, null);
    }

    /** {@code com.foo.Cache.MAP: scan found it corrupted}, {@code com.foo.Session#attrs: one per instance ... (12)}. */
    @JsonValue
    public String line() {
        return map + ": " + why.words() + (why == Why.PER_INSTANCE ? " (" + instances + " found)" : "")
                + (site == null ? "" : " at " + site);
    }

    @Override
    public String toString() {
        return line();
    }
}
