package io.maprace.cli.render;

import io.maprace.findings.Severity;
import io.maprace.graph.ContentionGraph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the graph renderers (DOT, SVG, text) look up about a contention graph, computed once: which threads
 * and edges lie on a cycle of waits, the worst race severity at each thread, and each thread's label.
 */
final class GraphIndex {

    private final Set<String> cycleThreads = new HashSet<>();
    private final Set<String> cycleEdges = new HashSet<>();
    private final Map<String, Severity> worstRace = new HashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

    GraphIndex(ContentionGraph graph) {
        for (List<String> c : graph.cycles()) {
            cycleThreads.addAll(c);
            for (int i = 0; i < c.size(); i++) {
                cycleEdges.add(c.get(i) + "\u0000" + c.get((i + 1) % c.size()));
            }
        }
        for (ContentionGraph.Edge e : graph.edges()) {
            if (e.kind() == ContentionGraph.Kind.RACE && e.severity() != null) {
                for (String k : List.of(e.from(), e.to())) {
                    worstRace.merge(k, e.severity(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        for (ContentionGraph.Node n : graph.threads()) {
            labels.put(n.key(), RenderSupport.node(n));
        }
    }

    boolean inCycle(String thread) {
        return cycleThreads.contains(thread);
    }

    /** Whether a blocks edge is a step of a cycle (race edges never are). */
    boolean inCycle(ContentionGraph.Edge e) {
        return e.kind() == ContentionGraph.Kind.BLOCKS && cycleEdges.contains(e.from() + "\u0000" + e.to());
    }

    /** The strongest severity of the race edges at a thread, or null when none. */
    Severity worstRace(String thread) {
        return worstRace.get(thread);
    }

    /** A thread's label ({@code name #id}); a key the graph does not declare stands for itself. */
    String label(String key) {
        String n = labels.get(key);
        return n != null ? n : RenderSupport.visible(key);
    }
}
