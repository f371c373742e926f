package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Finding;
import io.maprace.findings.Severity;
import io.maprace.graph.ContentionGraph;
import io.maprace.graph.ContentionGraph.Edge;
import io.maprace.graph.ContentionGraph.Node;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.maprace.cli.render.Html.esc;
import static io.maprace.cli.render.Html.num;

/**
 * The contention graph drawn as inline SVG, laid out on a circle. Threads that share edges sit next to each
 * other (each connected group in depth-first order), which keeps most edges short chords. Up to
 * {@link #HORIZONTAL_LABELS} threads get horizontal labels; more get labels along the radius, which never
 * overlap however many threads there are.
 *
 * <p>Each thread is one {@code <g class="node">} and each edge one {@code <g class="edge ...">}, both with a
 * {@code data-findings} list that the page's script uses to highlight a finding's threads and edges.
 */
final class SvgGraph {

    static final int HORIZONTAL_LABELS = 12;
    /** Above this many edges, counts are left to the tooltips: the labels would cover each other. */
    static final int EDGE_LABELS = 30;
    private static final int LABEL_CHARS = 34;
    private static final int MARGIN = 16;

    private final ContentionGraph graph;
    private final Map<String, Set<String>> nodeFindings;

    /**
     * @param nodeFindings finding ids by thread key, for the threads a finding names beyond its edges
     */
    SvgGraph(ContentionGraph graph, Map<String, Set<String>> nodeFindings) {
        this.graph = graph;
        this.nodeFindings = nodeFindings;
    }

    private record Point(double x, double y) {
    }

    /** A growing bounding box of what is drawn: the SVG's view box is fitted to it. */
    private static final class Box {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;

        void add(double x, double y) {
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
    }

    String draw() {
        List<Node> nodes = RingLayout.order(graph);
        int n = nodes.size();
        double r = n > 30 ? 7 : 10;
        boolean radial = n > HORIZONTAL_LABELS;
        Map<String, String> labels = new HashMap<>();
        for (Node node : nodes) {
            labels.put(node.key(), RenderSupport.abbreviate(RenderSupport.visible(node.name()), LABEL_CHARS) + " #"
                    + node.id());
        }
        double ring = n <= 1 ? 0 : n == 2 ? 130
                : Math.max(radial ? 170 : 150, n * (radial ? 20 : 46) / (2 * Math.PI));

        Map<String, Point> at = new LinkedHashMap<>();
        Map<String, Double> angle = new HashMap<>();
        for (int i = 0; i < n; i++) {
            // Start on the left, so that two threads sit side by side and the first of many at nine o'clock.
            double a = Math.PI + 2 * Math.PI * i / n;
            angle.put(nodes.get(i).key(), a);
            at.put(nodes.get(i).key(), new Point(ring * Math.cos(a), ring * Math.sin(a)));
        }
        // An edge to a thread the graph does not list still gets a node to end on, placed at the center.
        for (Edge e : graph.edges()) {
            for (String k : List.of(e.from(), e.to())) {
                if (!at.containsKey(k)) {
                    at.put(k, new Point(0, 0));
                    angle.put(k, Math.PI / 2);
                    labels.put(k, RenderSupport.visible(k));
                }
            }
        }
        GraphIndex index = new GraphIndex(graph);

        Box box = new Box();
        StringBuilder body = new StringBuilder();
        body.append("<g class=\"edges\">\n");
        Map<String, Integer> parallel = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Edge e : graph.edges()) {
            parallel.merge(pair(e), 1, Integer::sum);
        }
        boolean edgeLabels = graph.edges().size() <= EDGE_LABELS;
        for (Edge e : graph.edges()) {
            String p = pair(e);
            int k = seen.merge(p, 1, Integer::sum) - 1;
            double offset = (k - (parallel.get(p) - 1) / 2.0) * 40;
            edge(body, e, at.get(e.from()), at.get(e.to()), offset, r, index.inCycle(e), edgeLabels, index, box);
        }
        body.append("</g>\n<g class=\"nodes\">\n");
        for (Map.Entry<String, Point> entry : at.entrySet()) {
            String key = entry.getKey();
            Point p = entry.getValue();
            boolean inCycle = index.inCycle(key);
            RingLayout.Label label = RingLayout.label(labels.get(key), angle.get(key), r + (inCycle ? 9 : 6), r,
                    radial, at.size());
            box.add(p.x - r - 5, p.y - r - 5);
            box.add(p.x + r + 5, p.y + r + 5);
            box.add(p.x + label.minX(), p.y + label.minY());
            box.add(p.x + label.maxX(), p.y + label.maxY());
            node(body, key, p, label, labels.get(key), index.label(key), r, index.worstRace(key), inCycle);
        }
        body.append("</g>\n");

        double x0 = box.minX - MARGIN;
        double y0 = box.minY - MARGIN;
        double width = box.maxX - box.minX + 2 * MARGIN;
        double height = box.maxY - box.minY + 2 * MARGIN;
        StringBuilder svg = new StringBuilder(body.length() + 1024);
        svg.append("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
                .append("Graph of ").append(n).append(" contending threads and ").append(graph.edges().size())
                .append(" edges\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" viewBox=\"").append(num(x0)).append(' ').append(num(y0)).append(' ').append(num(width))
                .append(' ').append(num(height)).append("\">\n");
        svg.append("<defs>")
                .append(marker("mr-arrow", DotRenderer.BLOCKS))
                .append(marker("mr-arrow-cycle", DotRenderer.CYCLE))
                .append("</defs>\n");
        return svg.append(body).append("</svg>\n").toString();
    }

    private static String marker(String id, String color) {
        return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\" markerUnits=\"userSpaceOnUse\" class=\"arrow\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + color + "\"/></marker>";
    }

    /** The unordered pair of an edge: parallel edges (either direction) are fanned out around it. */
    private static String pair(Edge e) {
        return e.from().compareTo(e.to()) <= 0 ? e.from() + "\u0000" + e.to() : e.to() + "\u0000" + e.from();
    }

    private void edge(StringBuilder svg, Edge e, Point a, Point b, double offset, double r, boolean inCycle,
                      boolean withLabel, GraphIndex names, Box box) {
        boolean race = e.kind() == ContentionGraph.Kind.RACE;
        Severity sev = e.severity() == null ? Severity.CANDIDATE : e.severity();
        String cls = race ? "edge race " + sev.label() : "edge blocks" + (inCycle ? " cycle" : "");
        String from = names.label(e.from());
        String to = names.label(e.to());
        String title;
        String label;
        if (race) {
            title = "race (" + sev.label() + "): " + from + " and " + to + " wrote " + RenderSupport.visible(e.map())
                    + " without a common lock, " + RenderSupport.count(e.count(), "time", "times")
                    + (e.findings().isEmpty() ? "" : " [" + String.join(", ", e.findings())
                    + "]");
            label = e.count() + "x";
        } else {
            String time = e.totalMillis() == null ? "" : ", " + Times.millis(e.totalMillis());
            title = "blocks: " + from + " waited for " + to + " on " + RenderSupport.visible(e.lock()) + ", "
                    + RenderSupport.count(e.count(), "time", "times") + time + (inCycle ? " (part of a cycle)" : "");
            label = e.totalMillis() == null ? RenderSupport.count(e.count(), "wait", "waits")
                    : Times.millis(e.totalMillis());
        }
        svg.append("<g class=\"").append(cls).append("\" data-findings=\"")
                .append(Html.escList(e.findings()))
                .append("\" data-from=\"").append(esc(e.from())).append("\" data-to=\"").append(esc(e.to()))
                .append("\"><title>").append(esc(title)).append("</title>");

        String path;
        Point mid;
        if (e.from().equals(e.to())) {
            // A thread waiting on itself: a small loop above the node.
            path = "M" + num(a.x - 6) + "," + num(a.y - r) + " C" + num(a.x - 30) + "," + num(a.y - r - 40) + " "
                    + num(a.x + 30) + "," + num(a.y - r - 40) + " " + num(a.x + 6) + "," + num(a.y - r);
            mid = new Point(a.x, a.y - r - 30);
        } else {
            double dx = b.x - a.x;
            double dy = b.y - a.y;
            double len = Math.max(1e-6, Math.hypot(dx, dy));
            // The normal is taken from the pair in a fixed order, so A->B and B->A bend to opposite sides.
            double sign = e.from().compareTo(e.to()) <= 0 ? 1 : -1;
            double nx = -dy / len * sign;
            double ny = dx / len * sign;
            Point c = new Point((a.x + b.x) / 2 + nx * offset * 2, (a.y + b.y) / 2 + ny * offset * 2);
            double endGap = race ? r + 1 : r + 2;
            Point start = toward(a, offset == 0 ? b : c, r + 1);
            Point end = toward(b, offset == 0 ? a : c, endGap);
            if (offset == 0) {
                path = "M" + num(start.x) + "," + num(start.y) + " L" + num(end.x) + "," + num(end.y);
                mid = new Point((start.x + end.x) / 2, (start.y + end.y) / 2);
            } else {
                path = "M" + num(start.x) + "," + num(start.y) + " Q" + num(c.x) + "," + num(c.y) + " "
                        + num(end.x) + "," + num(end.y);
                mid = new Point(0.25 * start.x + 0.5 * c.x + 0.25 * end.x, 0.25 * start.y + 0.5 * c.y + 0.25 * end.y);
            }
        }
        box.add(mid.x - 20, mid.y - 10);
        box.add(mid.x + 20, mid.y + 10);
        svg.append("<path d=\"").append(path).append('"');
        if (!race) {
            svg.append(" marker-end=\"url(#").append(inCycle ? "mr-arrow-cycle" : "mr-arrow").append(")\"");
        }
        svg.append("/>");
        // A wide transparent twin of the line: a 1.5 px dotted edge is hard to hover.
        svg.append("<path class=\"hit\" d=\"").append(path).append("\"/>");
        if (withLabel) {
            svg.append("<text x=\"").append(num(mid.x)).append("\" y=\"").append(num(mid.y + 3))
                    .append("\" text-anchor=\"middle\">").append(esc(label)).append("</text>");
        }
        svg.append("</g>\n");
    }

    private static Point toward(Point from, Point to, double distance) {
        double dx = to.x - from.x;
        double dy = to.y - from.y;
        double len = Math.hypot(dx, dy);
        if (len < 1e-6) {
            return from;
        }
        return new Point(from.x + dx / len * distance, from.y + dy / len * distance);
    }

    private void node(StringBuilder svg, String key, Point p, RingLayout.Label label, String text, String title, double r,
                      Severity worst, boolean inCycle) {
        Set<String> findings = new LinkedHashSet<>(nodeFindings.getOrDefault(key, Set.of()));
        for (Edge e : graph.edges()) {
            if (e.from().equals(key) || e.to().equals(key)) {
                findings.addAll(e.findings());
            }
        }
        String cls = "node" + (worst == null ? "" : " " + worst.label()) + (inCycle ? " cycle" : "");
        svg.append("<g class=\"").append(cls).append("\" data-key=\"").append(esc(key))
                .append("\" data-findings=\"").append(Html.escList(findings)).append("\" transform=\"translate(")
                .append(num(p.x)).append(',').append(num(p.y)).append(")\"><title>").append(esc(title))
                .append("</title>");
        if (inCycle) {
            svg.append("<circle class=\"ring\" r=\"").append(num(r + 4)).append("\"/>");
        }
        svg.append("<circle r=\"").append(num(r)).append("\"/>");
        svg.append("<text x=\"").append(num(label.x())).append("\" y=\"").append(num(label.y()))
                .append("\" text-anchor=\"").append(label.anchor()).append('"');
        if (label.rotate() != null) {
            svg.append(" transform=\"rotate(").append(num(label.rotate())).append(")\"");
        }
        svg.append('>').append(esc(text)).append("</text></g>\n");
    }

    /** Finding ids by thread key, from the threads each finding names. */
    static Map<String, Set<String>> threadFindings(Collection<Finding> findings) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Finding f : findings) {
            for (ThreadRef t : f.threads()) {
                out.computeIfAbsent(t.key(), k -> new LinkedHashSet<>()).add(f.id());
            }
        }
        return out;
    }
}
