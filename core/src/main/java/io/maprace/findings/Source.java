package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a report's observations came from.
 *
 * @param kind {@code recording}, {@code scan} or {@code watch}
 * @param inputs files read, or the target ({@code pid 1234 (com.foo.Main)})
 * @param start first observation, when known
 * @param end last observation, when known
 * @param stats counters of the work done (events read, maps checked, fraction of time watched...), typed by
 *              the kind of source
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String kind, List<String> inputs, Instant start, Instant end, SourceStats stats) {

    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stats, "stats");
        inputs = List.copyOf(inputs);
    }
}
