package io.maprace.cli.render;

import io.maprace.graph.ContentionGraph;
import io.maprace.graph.ContentionGraph.Edge;
import io.maprace.graph.ContentionGraph.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@link SvgGraph} puts threads on its circle and their labels beside them: neighbours in the graph next
 * to each other, labels on the outer side of their node.
 */
final class RingLayout {

    private static final double CHAR_WIDTH = 6.6;

    private RingLayout() {
    }

    /** Where a label goes relative to its node, and the box it covers. */
    record Label(double x, double y, String anchor, Double rotate, double minX, double minY, double maxX,
                         double maxY) {
    }

    /**
     * The threads in ring order: connected groups largest first, each in depth-first order from its least
     * connected thread (the end of a chain), so that neighbours in the graph are neighbours on the ring.
     */
    static List<Node> order(ContentionGraph graph) {
        Map<String, Node> byKey = new LinkedHashMap<>();
        for (Node n : graph.threads()) {
            byKey.putIfAbsent(n.key(), n);
        }
        Map<String, Set<String>> adjacent = new LinkedHashMap<>();
        for (String k : byKey.keySet()) {
            adjacent.put(k, new LinkedHashSet<>());
        }
        for (Edge e : graph.edges()) {
            if (adjacent.containsKey(e.from()) && adjacent.containsKey(e.to()) && !e.from().equals(e.to())) {
                adjacent.get(e.from()).add(e.to());
                adjacent.get(e.to()).add(e.from());
            }
        }
        Set<String> placed = new HashSet<>();
        List<List<String>> groups = new ArrayList<>();
        for (String k : byKey.keySet()) {
            if (placed.contains(k)) {
                continue;
            }
            List<String> group = new ArrayList<>();
            Deque<String> queue = new ArrayDeque<>(List.of(k));
            placed.add(k);
            while (!queue.isEmpty()) {
                String cur = queue.poll();
                group.add(cur);
                for (String next : adjacent.get(cur)) {
                    if (placed.add(next)) {
                        queue.add(next);
                    }
                }
            }
            groups.add(group);
        }
        groups.sort(Comparator.comparingInt((List<String> g) -> -g.size()));
        List<Node> order = new ArrayList<>();
        for (List<String> group : groups) {
            String start = group.stream().min(Comparator.comparingInt(k -> adjacent.get(k).size())).orElseThrow();
            for (String k : depthFirst(start, adjacent)) {
                order.add(byKey.get(k));
            }
        }
        return order;
    }

    /** Depth-first preorder: a chain of threads comes out in chain order, a subtree in one stretch. */
    private static List<String> depthFirst(String start, Map<String, Set<String>> adjacent) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>(List.of(start));
        while (!stack.isEmpty()) {
            String cur = stack.pop();
            if (!seen.add(cur)) {
                continue;
            }
            out.add(cur);
            List<String> next = new ArrayList<>(adjacent.get(cur));
            // Pushed in reverse so that neighbours are visited in the graph's order.
            for (int i = next.size() - 1; i >= 0; i--) {
                if (!seen.contains(next.get(i))) {
                    stack.push(next.get(i));
                }
            }
        }
        return out;
    }

    /**
     * A label's placement: below a lone node; along the radius when there are many (turned so it never reads
     * upside down); otherwise horizontal, on the outer side of its node.
     */
    static Label label(String text, double angle, double gap, double r, boolean radial, int n) {
        double w = text.length() * CHAR_WIDTH;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        if (n == 1) {
            return new Label(0, r + 18, "middle", null, -w / 2, r + 4, w / 2, r + 24);
        }
        if (radial) {
            boolean left = cos < 0;
            double deg = Math.toDegrees(angle);
            double reach = gap + w;
            return new Label(left ? -gap : gap, 4, left ? "end" : "start", left ? deg - 180 : deg,
                    Math.min(0, reach * cos) - 8, Math.min(0, reach * sin) - 8,
                    Math.max(0, reach * cos) + 8, Math.max(0, reach * sin) + 8);
        }
        if (cos > 0.35) {
            return new Label(gap, 4, "start", null, 0, -9, gap + w, 9);
        }
        if (cos < -0.35) {
            return new Label(-gap, 4, "end", null, -gap - w, -9, 0, 9);
        }
        return sin > 0 ? new Label(0, gap + 10, "middle", null, -w / 2, 0, w / 2, gap + 14)
                : new Label(0, -gap - 2, "middle", null, -w / 2, -gap - 14, w / 2, 0);
    }
}
