package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Finding;
import io.maprace.findings.MapRef;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.findings.Timeline;
import io.maprace.findings.Warning;
import io.maprace.graph.ContentionGraph;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.maprace.cli.render.Html.code;
import static io.maprace.cli.render.Html.esc;

/**
 * One self-contained HTML page: a summary, the thread graph drawn as inline SVG, the findings as cards with
 * their evidence, the warnings. Nothing is loaded at view time (no script, style, font or image from elsewhere),
 * so the file can be attached to a ticket and opened anywhere. Every string from the report is escaped: thread
 * and class names come from the target and may hold markup.
 */
public final class HtmlRenderer implements Renderer {

    @Override
    public void render(Report report, Appendable out) throws IOException {
        List<Finding> findings = ReportWalk.findings(report);
        ContentionGraph graph = report.graph();
        StringBuilder h = new StringBuilder(16_384);
        head(report, findings, h);
        h.append("<main class=\"wrap\">\n");
        if (findings.isEmpty()) {
            h.append("<h2>Findings</h2>\n<section class=\"panel clean\"><span class=\"badge none\">clean</span> ")
                    .append(esc(SourceFacts.noFindingsLine(report))).append("</section>\n");
        } else {
            summary(findings, h);
        }
        if (!report.timeline().lanes().isEmpty()) {
            timeline(report.timeline(), h);
        }
        if (!graph.threads().isEmpty() || !graph.edges().isEmpty()) {
            graph(graph, findings, h);
        }
        if (!findings.isEmpty()) {
            h.append("<h2 id=\"findings\">Findings</h2>\n");
            boolean bases = SourceFacts.joinsSources(report);
            for (Finding f : findings) {
                card(f, bases, h);
            }
        }
        warnings(report.warnings(), h);
        h.append("</main>\n<footer class=\"wrap\">").append(esc(report.tool()))
                .append(" &middot; ").append(esc(report.schema())).append(" &middot; times in UTC</footer>\n");
        h.append("<script>").append(HtmlAssets.JS).append("</script>\n</body>\n</html>\n");
        out.append(h);
    }

    // ---- the top

    private static void head(Report report, List<Finding> findings, StringBuilder h) {
        String title = capitalized(SourceFacts.title(report.source()));
        List<String> inputs = SourceFacts.inputs(report.source());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(HtmlAssets.CSP)
                .append("\">\n<meta name=\"generator\" content=\"").append(esc(report.tool())).append("\">\n")
                .append("<title>maprace: ").append(esc(ReportWalk.findingsSummary(findings))).append(" - ")
                .append(esc(inputs.isEmpty() ? title : String.join(", ", inputs))).append("</title>\n")
                .append("<style>").append(HtmlAssets.CSS).append("</style>\n</head>\n<body>\n");

        h.append("<header class=\"top\"><div class=\"wrap\">\n<div class=\"brand\">maprace report</div>\n")
                .append("<h1>").append(esc(title)).append("</h1>\n<dl class=\"meta\">\n");
        if (!inputs.isEmpty()) {
            h.append("<dt>").append(inputs.size() == 1 ? "Input" : "Inputs").append("</dt><dd>");
            for (int i = 0; i < inputs.size(); i++) {
                h.append(i == 0 ? "" : " ").append(code(inputs.get(i)));
            }
            h.append("</dd>\n");
        }
        String[] span = SourceFacts.span(report.source());
        if (span != null) {
            h.append("<dt>").append(capitalized(span[0])).append("</dt><dd>").append(esc(span[1])).append("</dd>\n");
        }
        List<String> stats = SourceFacts.stats(report.source());
        if (!stats.isEmpty()) {
            h.append("<dt>Examined</dt><dd>").append(esc(String.join(", ", stats))).append("</dd>\n");
        }
        h.append("</dl>\n<div class=\"counts\">");
        if (findings.isEmpty()) {
            h.append("<span class=\"badge none\">no map races found</span>");
        } else {
            for (Map.Entry<Severity, Integer> e : ReportWalk.severityCounts(findings).entrySet()) {
                h.append("<span class=\"badge ").append(e.getKey().label()).append("\">").append(e.getValue())
                        .append(' ').append(e.getKey().label()).append("</span>");
            }
        }
        if (!report.warnings().isEmpty()) {
            h.append("<span class=\"badge warn\">").append(esc(RenderSupport.count(report.warnings().size(),
                    "warning", "warnings"))).append("</span>");
        }
        h.append("</div>\n</div></header>\n");
    }

    private static void summary(List<Finding> findings, StringBuilder h) {
        h.append("<h2>Summary</h2>\n<section class=\"panel\"><table class=\"summary\"><thead><tr><th>Severity</th>")
                .append("<th>Finding</th><th>Kind</th><th>Map</th><th>Threads</th></tr></thead><tbody>\n");
        for (Finding f : findings) {
            Severity s = f.severity();
            h.append("<tr data-finding=\"").append(esc(f.id())).append("\"><td><span class=\"badge ")
                    .append(s.label()).append("\">").append(s.label()).append("</span></td><td><a href=\"#")
                    .append(esc(anchor(f))).append("\"><span class=\"fid\">").append(esc(f.id())).append("</span> ")
                    .append(esc(f.title())).append("</a></td><td class=\"kind\">")
                    .append(esc(f.kind().label())).append("</td><td>")
                    .append(f.map() == null ? "" : code(f.map().label())).append("</td><td class=\"num\">")
                    .append(f.threads().isEmpty() ? "-" : Integer.toString(f.threads().size())).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    // ---- the timeline

    private static void timeline(Timeline t, StringBuilder h) {
        h.append("<h2 id=\"timeline\">Timeline</h2>\n<section class=\"panel\">\n<p class=\"muted\">")
                .append(esc(RenderSupport.count(t.lanes().size(), "thread", "threads") + " over "
                        + Times.span(t.start(), t.end())))
                .append(". Bars: samples in map code, by site; dots: sampled writing beside another thread; red: "
                        + "stuck in map internals; orange: lock waits; crosses: exceptions. Click a mark to go to "
                        + "its finding.</p>\n<div class=\"legend\">");
        for (int i = 0; i < t.sites().size() && i < SvgTimeline.COLOURS; i++) {
            h.append("<span class=\"tl-site\"><span class=\"tl-key site-").append(i).append("\"></span>")
                    .append(code(t.sites().get(i))).append("</span> ");
        }
        h.append("</div>\n<div class=\"timeline-wrap\">\n").append(new SvgTimeline(t).draw()).append("</div>\n")
                .append("</section>\n");
    }

    // ---- the graph

    private static void graph(ContentionGraph g, List<Finding> findings, StringBuilder h) {
        long races = g.edges().stream().filter(e -> e.kind() == ContentionGraph.Kind.RACE).count();
        long blocks = g.edges().size() - races;
        h.append("<h2 id=\"graph\">Contending threads</h2>\n<section class=\"panel\">\n<p class=\"muted\">")
                .append(esc(RenderSupport.count(g.threads().size(), "thread", "threads") + ", "
                        + RenderSupport.count(races, "race edge", "race edges") + ", "
                        + RenderSupport.count(blocks, "blocks edge", "blocks edges") + ", "
                        + RenderSupport.count(g.cycles().size(), "cycle", "cycles")))
                .append(". Hover a finding to see its threads; click an edge to go to its finding.</p>\n");
        h.append("<div class=\"legend\">")
                .append(legend("lg-proven", false, "race, proven"))
                .append(legend("lg-likely", false, "race, likely"))
                .append(legend("lg-candidate", false, "race, candidate"))
                .append(legend("lg-blocks", true, "blocks: waiter &rarr; holder"))
                .append(legend("lg-cycle", true, "lock cycle"))
                .append("</div>\n");
        h.append("<div class=\"graph-wrap\">\n")
                .append(new SvgGraph(g, SvgGraph.threadFindings(findings)).draw())
                .append("</div>\n");
        GraphIndex index = new GraphIndex(g);
        if (!g.cycles().isEmpty()) {
            h.append("<h5>Cycles: threads waiting on each other's locks</h5><ul class=\"plain\">");
            for (List<String> c : g.cycles()) {
                StringBuilder path = new StringBuilder();
                for (String k : c) {
                    path.append(esc(index.label(k))).append(" &rarr; ");
                }
                path.append(c.isEmpty() ? "" : esc(index.label(c.get(0))));
                h.append("<li>").append(path).append("</li>");
            }
            h.append("</ul>\n");
        }
        boolean parkedHeading = false;
        for (ContentionGraph.Node n : g.threads()) {
            if (!n.waitedOn().isEmpty()) {
                if (!parkedHeading) {
                    h.append("<h5>Waits whose holder was not recorded</h5><ul class=\"plain\">");
                    parkedHeading = true;
                }
                h.append("<li>").append(HtmlEvidence.thread(new ThreadRef(n.id(), n.name())))
                        .append(" waited on ").append(esc(String.join(", ", n.waitedOn()))).append("</li>");
            }
        }
        if (parkedHeading) {
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    private static String legend(String cls, boolean arrow, String label) {
        return "<span><svg width=\"34\" height=\"10\" viewBox=\"0 0 34 10\" aria-hidden=\"true\"><line class=\""
                + cls + "\" x1=\"1\" y1=\"5\" x2=\"" + (arrow ? 27 : 33) + "\" y2=\"5\"/>"
                + (arrow ? "<path class=\"" + cls + "\" d=\"M26,1 L33,5 L26,9 z\"/>" : "")
                + "</svg>" + label + "</span>";
    }

    // ---- findings

    /** @param bases whether the evidence says which was sampled and which proven */
    private static void card(Finding f, boolean bases, StringBuilder h) {
        Severity s = f.severity();
        h.append("<section class=\"finding ").append(s.label()).append("\" id=\"").append(esc(anchor(f)))
                .append("\" data-finding=\"").append(esc(f.id())).append("\">\n<header><span class=\"badge ")
                .append(s.label()).append("\">").append(s.label()).append("</span><span class=\"fid\">")
                .append(esc(f.id())).append("</span><h3>").append(esc(f.title())).append("</h3>");
        if (!f.threads().isEmpty()) {
            h.append("<a class=\"pin\" href=\"#graph\">show in graph</a>");
        }
        h.append("</header>\n<dl class=\"facts\">\n");
        h.append("<dt>Kind</dt><dd>").append(esc(f.kind().label())).append(" <span class=\"muted\">&middot; ")
                .append(esc(f.kind().title())).append("</span></dd>\n");
        if (f.map() != null) {
            h.append("<dt>Map</dt><dd>").append(map(f.map())).append("</dd>\n");
        }
        if (!f.sites().isEmpty()) {
            h.append("<dt>").append(f.sites().size() == 1 ? "Site" : "Sites").append("</dt><dd><ul>");
            for (String site : f.sites()) {
                h.append("<li>").append(code(site)).append("</li>");
            }
            h.append("</ul></dd>\n");
        }
        if (!f.threads().isEmpty()) {
            h.append("<dt>Threads</dt><dd class=\"chips\">");
            f.threads().forEach(t -> h.append("<span class=\"chip\">").append(HtmlEvidence.thread(t))
                    .append("</span>"));
            h.append("</dd>\n");
        }
        h.append("</dl>\n");
        if (!f.evidence().isEmpty()) {
            h.append("<h4>Evidence</h4>\n");
            HtmlEvidence.render(f, bases, h);
        }
        prose("Why it matters", "prose", f.explanation(), h);
        prose("What to do", "prose advice", f.advice(), h);
        h.append("</section>\n");
    }

    private static String map(MapRef m) {
        StringBuilder b = new StringBuilder(code(m.label()));
        if (m.type() != null && !m.type().equals(m.label())) {
            b.append(" <span class=\"muted\">").append(esc(m.type())).append("</span>");
        }
        if (m.path() != null && m.owner() != null && m.field() != null) {
            b.append(" <span class=\"muted\">&middot; field</span> ").append(code(m.owner() + "." + m.field()));
        }
        if (m.instance() != null) {
            b.append(" <span class=\"muted\">&middot; instance ").append(m.instance()).append("</span>");
        }
        return b.toString();
    }

    private static void prose(String heading, String cls, String text, StringBuilder h) {
        if (text.isBlank()) {
            return;
        }
        h.append("<div class=\"").append(cls).append("\"><h4>").append(esc(heading)).append("</h4>");
        for (String p : text.split("\n")) {
            if (!p.isBlank()) {
                h.append("<p>").append(esc(p)).append("</p>");
            }
        }
        h.append("</div>\n");
    }

    private static void warnings(List<Warning> warnings, StringBuilder h) {
        if (warnings.isEmpty()) {
            return;
        }
        h.append("<h2>Warnings</h2>\n<section class=\"panel warnings\"><ul class=\"plain\">\n");
        for (Warning w : warnings) {
            h.append("<li>").append(code(w.code())).append(' ').append(esc(w.message())).append("</li>\n");
        }
        h.append("</ul></section>\n");
    }

    private static String anchor(Finding f) {
        return "finding-" + f.id();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
