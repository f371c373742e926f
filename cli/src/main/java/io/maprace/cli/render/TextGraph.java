package io.maprace.cli.render;

import io.maprace.graph.ContentionGraph;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.maprace.cli.render.RenderSupport.count;
import static io.maprace.cli.render.RenderSupport.visible;

/** The text report's "Contending threads" section: the graph's edges, cycles and unattributed waits. */
final class TextGraph {

    /** Edges of each kind shown before "... and N more". */
    static final int EDGE_CAP = 20;
    private static final String LABEL = "          ";

    private TextGraph() {
    }

    static void draw(ContentionGraph g, TextOut o) throws IOException {
        o.nl();
        o.heading("Contending threads");
        GraphIndex index = new GraphIndex(g);
        List<ContentionGraph.Edge> races = g.edges().stream().filter(e -> e.kind() == ContentionGraph.Kind.RACE)
                .toList();
        List<ContentionGraph.Edge> blocks = g.edges().stream()
                .filter(e -> e.kind() == ContentionGraph.Kind.BLOCKS).toList();
        o.text("  " + count(g.threads().size(), "thread", "threads") + ", "
                + count(races.size(), "race edge", "race edges") + ", "
                + count(blocks.size(), "blocks edge", "blocks edges") + ", "
                + count(g.cycles().size(), "cycle", "cycles")).nl();
        int shown = 0;
        for (ContentionGraph.Edge e : races) {
            if (shown++ == EDGE_CAP) {
                o.styled(TextOut.DIM, "  ... and " + (races.size() - EDGE_CAP) + " more race edges").nl();
                break;
            }
            String sev = e.severity() == null ? "" : ", " + e.severity().label();
            o.wrapped("  race    ", LABEL, index.label(e.from()) + " -- " + index.label(e.to()) + ": "
                    + visible(e.map()) + ", " + count(e.count(), "time", "times") + sev + findings(e));
        }
        shown = 0;
        for (ContentionGraph.Edge e : blocks) {
            if (shown++ == EDGE_CAP) {
                o.styled(TextOut.DIM, "  ... and " + (blocks.size() - EDGE_CAP) + " more blocks edges").nl();
                break;
            }
            o.wrapped("  blocks  ", LABEL, index.label(e.from()) + " -> " + index.label(e.to())
                    + ": " + count(e.count(), "wait", "waits") + " for " + Locks.lockClass(e.lock())
                    + (e.totalMillis() == null ? "" : ", " + Times.millis(e.totalMillis()) + " in all")
                    + findings(e));
        }
        for (List<String> cycle : g.cycles()) {
            List<String> path = new ArrayList<>(cycle.stream().map(index::label).toList());
            if (!path.isEmpty()) {
                path.add(path.get(0));
            }
            o.wrapped("  cycle   ", LABEL, String.join(" -> ", path) + " (each waits for a lock the next one holds)");
        }
        for (ContentionGraph.Node n : g.threads()) {
            if (!n.waitedOn().isEmpty()) {
                o.wrapped("  parked  ", LABEL, RenderSupport.node(n) + " waited on " + String.join(", ",
                        n.waitedOn().stream().map(RenderSupport::visible).toList()) + ", holder not recorded");
            }
        }
    }

    private static String findings(ContentionGraph.Edge e) {
        return e.findings().isEmpty() ? ""
                : " [" + String.join(", ", e.findings().stream().map(RenderSupport::visible).toList()) + "]";
    }
}
