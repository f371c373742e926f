package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a report's observations came from.
 *
 * @param kind {@code recording}, {@code scan} or {@code watch}
 * @param inputs files read, or the target ({@code pid 1234 (com.foo.Main)})
 * @param start first observation, when known
 * @param end last observation, when known
 * @param stats counters of the work done (events read, maps checked, fraction of time watched...), by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String kind, List<String> inputs, Instant start, Instant end, Map<String, Object> stats) {

    public Source {
        Objects.requireNonNull(kind, "kind");
        inputs = List.copyOf(inputs);
    }
}
