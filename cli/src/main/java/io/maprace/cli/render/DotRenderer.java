package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.graph.ContentionGraph;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contention graph in Graphviz DOT ({@code maprace analyze app.jfr -f dot | dot -Tsvg > threads.svg}).
 * Threads are nodes; {@code race} edges have no direction and are styled by severity; {@code blocks} edges point
 * from the waiter to the holder; the edges and threads of a cycle are purple.
 *
 * <p>Always valid DOT: every identifier is quoted, and the output is ASCII (other characters become numeric
 * character references, which Graphviz decodes), so it survives any terminal encoding.
 */
public final class DotRenderer implements Renderer {

    static final String PROVEN = "#c62828";
    static final String LIKELY = "#ef6c00";
    static final String CANDIDATE = "#9e9e9e";
    static final String BLOCKS = "#37474f";
    static final String CYCLE = "#6a1b9a";

    private static final Map<Severity, String> FILL = new EnumMap<>(Map.of(
            Severity.PROVEN, "#ffebee", Severity.LIKELY, "#fff3e0", Severity.CANDIDATE, "#f5f5f5"));

    @Override
    public void render(Report report, Appendable out) throws IOException {
        ContentionGraph g = report.graph();
        // Comments are fixed text: everything from the report goes into quoted, escaped strings.
        out.append("// maprace: contending threads. Render with: dot -Tsvg -o threads.svg FILE\n");
        out.append("// race edges (no direction): proven solid red, likely dashed orange, candidate dotted gray.\n");
        out.append("// blocks edges: waiter -> holder of the lock. Threads and edges of a cycle are purple.\n");
        out.append("digraph maprace {\n");
        out.append("  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, rankdir=LR, nodesep=0.4];\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#fafafa\", color=\"#546e7a\", "
                + "fontname=\"Helvetica\", fontsize=11];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=9, fontcolor=\"#424242\"];\n");
        if (g.threads().isEmpty() && g.edges().isEmpty()) {
            out.append("  graph [label=").append(quote("maprace: no contending threads to draw",
                    "(no two threads raced on one map; no thread blocked on another's lock)")).append("];\n");
            out.append("}\n");
            return;
        }
        List<String> inputs = SourceFacts.inputs(report.source());
        out.append("  graph [label=").append(inputs.isEmpty()
                ? quote("maprace: contending threads, " + SourceFacts.title(report.source()))
                : quote("maprace: contending threads, " + SourceFacts.title(report.source()),
                String.join(", ", inputs))).append("];\n");

        GraphIndex index = new GraphIndex(g);

        out.append('\n');
        Set<String> declared = new HashSet<>();
        for (ContentionGraph.Node n : g.threads()) {
            declared.add(n.key());
            List<String> attrs = new ArrayList<>();
            attrs.add("label=" + quote(n.name(), "#" + n.id()));
            attrs.add("tooltip=" + (n.waitedOn().isEmpty() ? quote(RenderSupport.node(n))
                    : quote(RenderSupport.node(n), "waited on (holder not recorded): "
                    + String.join(", ", n.waitedOn()))));
            Severity s = index.worstRace(n.key());
            if (s != null) {
                attrs.add("fillcolor=\"" + FILL.get(s) + "\"");
            }
            if (index.inCycle(n.key())) {
                attrs.add("color=\"" + CYCLE + "\", penwidth=2.5");
            }
            out.append("  ").append(quote(n.key())).append(" [").append(String.join(", ", attrs)).append("];\n");
        }
        // An edge to a thread the graph does not list would make Graphviz invent a bare node: declare it here.
        for (ContentionGraph.Edge e : g.edges()) {
            for (String key : List.of(e.from(), e.to())) {
                if (declared.add(key)) {
                    out.append("  ").append(quote(key)).append(" [label=").append(quote(key)).append("];\n");
                }
            }
        }

        out.append('\n');
        for (ContentionGraph.Edge e : g.edges()) {
            out.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(" [")
                    .append(String.join(", ", e.kind() == ContentionGraph.Kind.RACE ? race(e, index)
                            : blocks(e, index)))
                    .append("];\n");
        }
        out.append("}\n");
    }

    private static List<String> race(ContentionGraph.Edge e, GraphIndex names) {
        Severity s = e.severity() == null ? Severity.CANDIDATE : e.severity();
        List<String> a = new ArrayList<>();
        a.add("dir=none");
        switch (s) {
            case PROVEN -> a.add("color=\"" + PROVEN + "\", style=solid, penwidth=2.5");
            case LIKELY -> a.add("color=\"" + LIKELY + "\", style=dashed, penwidth=2");
            case CANDIDATE -> a.add("color=\"" + CANDIDATE + "\", style=dotted, penwidth=1.5");
        }
        String findings = e.findings().isEmpty() ? ""
                : " [" + String.join(", ", e.findings()) + "]";
        a.add("label=" + quote(e.map(), e.count() + "x" + findings));
        a.add("tooltip=" + quote("race, " + s.label() + ": " + names.label(e.from()) + " and "
                + names.label(e.to()) + " wrote " + e.map() + " without a common lock ("
                + RenderSupport.count(e.count(), "time", "times") + ")" + findings));
        return a;
    }

    private static List<String> blocks(ContentionGraph.Edge e, GraphIndex names) {
        boolean inCycle = names.inCycle(e);
        List<String> a = new ArrayList<>();
        a.add(inCycle ? "color=\"" + CYCLE + "\", penwidth=2.5" : "color=\"" + BLOCKS + "\", penwidth=1.2");
        String time = e.totalMillis() == null ? "" : ", " + Times.millis(e.totalMillis());
        a.add("label=" + quote(Locks.lockClass(e.lock()),
                RenderSupport.count(e.count(), "wait", "waits") + time));
        a.add("tooltip=" + quote("blocks: " + names.label(e.from()) + " waited for " + names.label(e.to())
                + " on " + e.lock() + " (" + RenderSupport.count(e.count(), "time", "times") + time + ")"
                + (inCycle ? ", part of a cycle" : "")));
        return a;
    }

    /**
     * A DOT string literal of one or more lines. Inside one only {@code "} and {@code \} are special to the
     * parser; Graphviz then reads {@code \n} as a line break in labels and decodes {@code &...;} entities, so
     * {@code &}, {@code <} and {@code >} become entities and a backslash from the input is doubled to stay a
     * backslash. A newline inside a line (a thread name can hold one) is shown as {@code \u000a}, not obeyed.
     */
    static String quote(String... lines) {
        StringBuilder b = new StringBuilder().append('"');
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append("\\n");
            }
            RenderSupport.visible(lines[i]).codePoints().forEach(cp -> {
                switch (cp) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '&' -> b.append("&amp;");
                    case '<' -> b.append("&lt;");
                    case '>' -> b.append("&gt;");
                    default -> {
                        if (cp < 0x80) {
                            b.append((char) cp);
                        } else {
                            b.append("&#").append(cp).append(';');
                        }
                    }
                }
            });
        }
        return b.append('"').toString();
    }
}
