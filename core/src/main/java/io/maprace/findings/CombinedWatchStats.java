package io.maprace.findings;

import java.util.List;
import java.util.Objects;

/**
 * The counters of a watch with both sources ({@code watch --evidence both}): the flight recording's under
 * {@code sampled}, the breakpoints' under {@code proven}, each the record its mode alone reports, and the maps
 * the recording steered the breakpoints to.
 *
 * @param sampled what the flight recording streamed and the analysis counted
 * @param proven what the breakpoints saw, with the verdict on every watched map
 * @param steered the maps watched because the recording sampled several threads writing them, each with the site
 *                ({@code com.foo.Cache#map: sampled writing by several threads at com.foo.Cache.put(Cache.java:12)});
 *                empty when it named none before the breakpoints were set
 */
public record CombinedWatchStats(JfrWatchStats sampled, WatchStats proven, List<String> steered)
        implements SourceStats {

    public CombinedWatchStats {
        Objects.requireNonNull(sampled, "sampled");
        Objects.requireNonNull(proven, "proven");
        steered = steered == null ? List.of() : List.copyOf(steered);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.combinedWatch(this);
    }
}
