package io.maprace.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.maprace.findings.Severity;

import java.util.List;

/**
 * The graph of contending threads: threads as nodes, an edge for each pair that wrote one map without a common
 * lock ({@code race}), and one for each thread that blocked on a lock another thread held ({@code blocks},
 * from the waiter to the holder).
 *
 * @param cycles thread keys of each cycle of {@code blocks} edges (threads waiting on each other)
 */
public record ContentionGraph(List<Node> threads, List<Edge> edges, List<List<String>> cycles) {

    public static final ContentionGraph EMPTY = new ContentionGraph(List.of(), List.of(), List.of());

    public ContentionGraph {
        threads = List.copyOf(threads);
        edges = List.copyOf(edges);
        cycles = cycles.stream().map(List::copyOf).toList();
    }

    /**
     * @param key graph id ({@code t<id>})
     * @param waitedOn locks this thread waited on whose holder is unknown (parks), with total time
     */
    public record Node(String key, long id, String name, List<String> waitedOn) {
    }

    public enum Kind {
        RACE, BLOCKS;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param map for race edges, the map's label
     * @param lock for blocks edges, the lock's class
     * @param count co-sampled periods or observed writes (race), waits (blocks)
     * @param totalMillis time waited (blocks)
     * @param findings ids of the findings behind the edge
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Edge(String from, String to, Kind kind, Severity severity, String map, String lock,
                       List<String> sites, int count, Long totalMillis, List<String> findings) {
    }
}
