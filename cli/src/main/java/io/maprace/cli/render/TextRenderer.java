package io.maprace.cli.render;

import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.MapRef;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.findings.Warning;
import io.maprace.graph.ContentionGraph;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.maprace.cli.render.RenderSupport.count;
import static io.maprace.cli.render.RenderSupport.visible;
import static io.maprace.cli.render.TextOut.BOLD;
import static io.maprace.cli.render.TextOut.DIM;
import static io.maprace.cli.render.TextOut.LABEL_INDENT;
import static io.maprace.cli.render.TextOut.LABEL_WIDTH;
import static io.maprace.cli.render.TextOut.WIDTH;

/**
 * The report for people at a terminal or in a ticket: a header saying what was examined, the findings by
 * severity with their evidence ({@link TextEvidence}), the timeline's lanes ({@link TextTimeline}), the contending
 * threads ({@link TextGraph}), the warnings.
 *
 * <p>Its own punctuation is ASCII: under the C locale of many containers the JVM writes anything else as
 * {@code ?}. Evidence is capped per finding ({@link #EVIDENCE_CAP}); the JSON report keeps all of it.
 */
public final class TextRenderer implements Renderer {

    /** Evidence items shown per finding before "... and N more". */
    static final int EVIDENCE_CAP = 8;

    private final boolean color;

    /** Plain text, no escape sequences. */
    public TextRenderer() {
        this(false);
    }

    /** @param color whether to color severities and headings with ANSI escape sequences */
    public TextRenderer(boolean color) {
        this.color = color;
    }

    @Override
    public void render(Report report, Appendable out) throws IOException {
        TextOut o = new TextOut(out, color);
        List<Finding> findings = ReportWalk.findings(report);
        header(report, findings, o);
        if (findings.isEmpty()) {
            o.nl();
            o.styled(BOLD, SourceFacts.noFindingsLine(report)).nl();
        } else {
            o.nl();
            o.heading("Findings");
            boolean bases = SourceFacts.joinsSources(report);
            for (Finding f : findings) {
                finding(f, bases, o);
            }
        }
        if (!report.timeline().lanes().isEmpty()) {
            TextTimeline.draw(report.timeline(), o);
        }
        ContentionGraph graph = report.graph();
        if (!graph.threads().isEmpty() || !graph.edges().isEmpty()) {
            TextGraph.draw(graph, o);
        }
        if (!report.warnings().isEmpty()) {
            o.nl();
            o.heading("Warnings");
            for (Warning w : report.warnings()) {
                o.wrapped("  ! ", "    ", visible(w.code()) + ": " + visible(w.message()));
            }
        }
    }

    private static void header(Report report, List<Finding> findings, TextOut o) throws IOException {
        o.styled(BOLD, "maprace: " + SourceFacts.title(report.source())).nl();
        List<String> inputs = SourceFacts.inputs(report.source());
        if (!inputs.isEmpty()) {
            o.field(inputs.size() == 1 ? "input" : "inputs", inputs, "  ");
        }
        String[] span = SourceFacts.span(report.source());
        if (span != null) {
            o.field(span[0], List.of(span[1]), "  ");
        }
        List<String> stats = SourceFacts.stats(report.source());
        if (!stats.isEmpty()) {
            o.field("examined", List.of(String.join(", ", stats)), "  ");
        }
        String result = ReportWalk.findingsSummary(findings);
        if (!report.warnings().isEmpty()) {
            result += "; " + count(report.warnings().size(), "warning", "warnings");
        }
        o.field("result", List.of(result), "  ");
    }

    /** @param bases whether each piece of evidence says if it was sampled or proven */
    private static void finding(Finding f, boolean bases, TextOut o) throws IOException {
        Severity sev = f.severity();
        o.nl();
        String id = visible(f.id());
        String label = sev.label().toUpperCase(Locale.ROOT);
        int indent = id.length() + label.length() + 4;
        List<String> title = TextOut.wrap(" ".repeat(indent), LABEL_INDENT, visible(f.title()), WIDTH);
        o.styled(BOLD, id).text("  ").styled(severityColor(sev), label).text("  ")
                .styled(BOLD, title.get(0).substring(indent)).nl();
        for (String more : title.subList(1, title.size())) {
            o.text(LABEL_INDENT).styled(BOLD, more.substring(LABEL_INDENT.length())).nl();
        }
        o.field("kind", List.of(f.kind().label() + " (" + f.kind().title() + ")"), LABEL_INDENT);
        if (f.map() != null) {
            o.field("map", List.of(map(f.map())), LABEL_INDENT);
        }
        if (!f.sites().isEmpty()) {
            o.field(f.sites().size() == 1 ? "site" : "sites", f.sites().stream().map(RenderSupport::visible)
                    .toList(), LABEL_INDENT);
        }
        if (!f.threads().isEmpty()) {
            o.field("threads", List.of(RenderSupport.threads(f.threads())), LABEL_INDENT);
        }
        evidence(f, bases, o);
        if (!f.explanation().isBlank()) {
            o.field("why", List.of(f.explanation()), LABEL_INDENT);
        }
        if (!f.advice().isBlank()) {
            o.field("advice", List.of(f.advice()), LABEL_INDENT);
        }
    }

    /** {@code com.foo.Factory.DEFAULT.cache (java.util.HashMap, instance 8812)}. */
    private static String map(MapRef m) {
        String label = visible(m.label());
        List<String> more = new ArrayList<>();
        if (m.type() != null && !m.type().equals(m.label())) {
            more.add(visible(m.type()));
        }
        if (m.path() != null && m.owner() != null && m.field() != null) {
            more.add("field " + visible(m.owner()) + "." + visible(m.field()));
        }
        if (m.instance() != null) {
            more.add("instance " + m.instance());
        }
        return more.isEmpty() ? label : label + " (" + String.join(", ", more) + ")";
    }

    private static void evidence(Finding f, boolean bases, TextOut o) throws IOException {
        List<Evidence> all = ReportWalk.evidence(f);
        if (all.isEmpty()) {
            return;
        }
        List<Evidence> shown = all.subList(0, Math.min(EVIDENCE_CAP, all.size()));
        String first = LABEL_INDENT + TextOut.pad("evidence");
        String rest = LABEL_INDENT + " ".repeat(LABEL_WIDTH);
        TextEvidence lines = new TextEvidence(ReportWalk.onlySite(f));
        List<String> previousStack = null;
        for (int i = 0; i < shown.size(); i++) {
            TextEvidence.Item item = shown.get(i).accept(lines);
            List<String> stack = item.stack();
            // Writes observed at one site usually share their stack: print it once.
            boolean same = stack != null && !stack.isEmpty() && stack.equals(previousStack);
            List<String> details = same ? List.of() : item.lines().subList(1, item.lines().size());
            o.wrapped((i == 0 ? first : rest) + "- ", rest + "  ",
                    (bases ? "[" + shown.get(i).basis().label() + "] " : "") + item.lines().get(0)
                            + (same ? "; same stack as above" : ""));
            for (String detail : details) {
                String text = detail.stripLeading();
                String indent = rest + "    " + " ".repeat(detail.length() - text.length());
                // "at" belongs to the prefix: a frame longer than the line must not leave it alone above.
                String at = text.startsWith("at ") ? "at " : "";
                o.wrapped(indent + at, indent + "    ", text.substring(at.length()), DIM);
            }
            if (stack != null) {
                previousStack = stack;
            }
        }
        if (all.size() > shown.size()) {
            List<Evidence> hidden = all.subList(shown.size(), all.size());
            o.wrapped(rest, rest, "... and " + hidden.size() + " more (" + ReportWalk.tally(hidden)
                    + "); the JSON report (-f json) has all of them", DIM);
        }
    }

    private static String severityColor(Severity s) {
        return switch (s) {
            case PROVEN -> TextOut.RED;
            case LIKELY -> TextOut.YELLOW;
            case CANDIDATE -> TextOut.CYAN;
        };
    }
}
