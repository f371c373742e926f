package io.maprace.cli.render;

import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.HeldLock;
import io.maprace.findings.MapRef;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.findings.Warning;
import io.maprace.graph.ContentionGraph;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.maprace.cli.render.RenderSupport.count;
import static io.maprace.cli.render.RenderSupport.lock;
import static io.maprace.cli.render.RenderSupport.lockClass;
import static io.maprace.cli.render.RenderSupport.span;
import static io.maprace.cli.render.RenderSupport.thread;
import static io.maprace.cli.render.RenderSupport.time;
import static io.maprace.cli.render.RenderSupport.visible;

/**
 * The report for people at a terminal or in a ticket: a header saying what was examined, the findings by
 * severity with their evidence, the contending threads, the warnings.
 *
 * <p>Its own punctuation is ASCII: under the C locale of many containers the JVM writes anything else as
 * {@code ?}. Evidence is capped per finding ({@link #EVIDENCE_CAP}); the JSON report keeps all of it.
 */
public final class TextRenderer implements Renderer {

    /** Evidence items shown per finding before "... and N more". */
    static final int EVIDENCE_CAP = 8;
    /** Edges of each kind shown in the contending-threads section. */
    static final int EDGE_CAP = 20;
    /** Stack frames shown per stack. */
    static final int FRAMES = 3;

    static final int WIDTH = 100;
    private static final String LABEL_INDENT = "    ";
    private static final int LABEL_WIDTH = 10;

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String CYAN = "\u001b[36m";

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
        Out o = new Out(out);
        List<Finding> findings = RenderSupport.bySeverity(report);
        header(report, findings, o);
        if (findings.isEmpty()) {
            o.nl();
            o.styled(BOLD, RenderSupport.noFindingsLine(report)).nl();
        } else {
            o.nl();
            heading("Findings", o);
            for (Finding f : findings) {
                finding(f, o);
            }
        }
        ContentionGraph graph = report.graph() == null ? ContentionGraph.EMPTY : report.graph();
        if (!graph.threads().isEmpty() || !graph.edges().isEmpty()) {
            graph(graph, o);
        }
        if (!report.warnings().isEmpty()) {
            o.nl();
            heading("Warnings", o);
            for (Warning w : report.warnings()) {
                wrapped("  ! ", "    ", visible(w.code()) + ": " + visible(w.message()), o);
            }
        }
    }

    // ---- header

    private void header(Report report, List<Finding> findings, Out o) throws IOException {
        o.styled(BOLD, "maprace: " + RenderSupport.sourceTitle(report.source())).nl();
        List<String> inputs = RenderSupport.inputs(report.source());
        if (!inputs.isEmpty()) {
            field(inputs.size() == 1 ? "input" : "inputs", inputs, o, "  ");
        }
        if (report.source() != null) {
            String span = RenderSupport.headerSpan(report.source().start(), report.source().end());
            if (span != null) {
                boolean instant = report.source().start() == null || report.source().end() == null
                        || report.source().start().equals(report.source().end());
                field(instant ? "time" : "span", List.of(span), o, "  ");
            }
        }
        List<String> stats = RenderSupport.stats(report.source());
        if (!stats.isEmpty()) {
            field("examined", List.of(String.join(", ", stats)), o, "  ");
        }
        String result = RenderSupport.findingsSummary(findings);
        if (!report.warnings().isEmpty()) {
            result += "; " + count(report.warnings().size(), "warning", "warnings");
        }
        field("result", List.of(result), o, "  ");
    }

    private void heading(String title, Out o) throws IOException {
        o.styled(BOLD, title).nl();
        o.text("-".repeat(title.length())).nl();
    }

    // ---- findings

    private void finding(Finding f, Out o) throws IOException {
        Severity sev = f.severity() == null ? Severity.CANDIDATE : f.severity();
        o.nl();
        String id = visible(f.id());
        String label = sev.label().toUpperCase(java.util.Locale.ROOT);
        int indent = id.length() + label.length() + 4;
        List<String> title = wrap(" ".repeat(indent), LABEL_INDENT, visible(f.title()), WIDTH);
        o.styled(BOLD, id).text("  ").styled(severityColor(sev), label).text("  ")
                .styled(BOLD, title.get(0).substring(indent)).nl();
        for (String more : title.subList(1, title.size())) {
            o.text(LABEL_INDENT).styled(BOLD, more.substring(LABEL_INDENT.length())).nl();
        }
        field("kind", List.of(f.kind() == null ? "?" : f.kind().label() + " (" + f.kind().title() + ")"), o,
                LABEL_INDENT);
        if (f.map() != null) {
            field("map", List.of(map(f.map())), o, LABEL_INDENT);
        }
        if (!f.sites().isEmpty()) {
            field(f.sites().size() == 1 ? "site" : "sites", f.sites().stream().map(RenderSupport::visible).toList(),
                    o, LABEL_INDENT);
        }
        if (!f.threads().isEmpty()) {
            field("threads", List.of(RenderSupport.threads(f.threads())), o, LABEL_INDENT);
        }
        evidence(f, o);
        if (f.explanation() != null && !f.explanation().isBlank()) {
            field("why", List.of(f.explanation()), o, LABEL_INDENT);
        }
        if (f.advice() != null && !f.advice().isBlank()) {
            field("advice", List.of(f.advice()), o, LABEL_INDENT);
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

    private void evidence(Finding f, Out o) throws IOException {
        if (f.evidence().isEmpty()) {
            return;
        }
        List<Evidence> all = RenderSupport.strongestFirst(f.evidence());
        List<Evidence> shown = all.subList(0, Math.min(EVIDENCE_CAP, all.size()));
        String first = LABEL_INDENT + pad("evidence");
        String rest = LABEL_INDENT + " ".repeat(LABEL_WIDTH);
        String site = f.sites().size() == 1 ? f.sites().get(0) : null;
        List<String> previousStack = null;
        for (int i = 0; i < shown.size(); i++) {
            Evidence e = shown.get(i);
            List<String> stack = stackOf(e);
            // Writes observed at one site usually share their stack: print it once.
            boolean same = stack != null && !stack.isEmpty() && stack.equals(previousStack);
            List<String> lines = evidenceLines(e, site, !same);
            wrapped((i == 0 ? first : rest) + "- ", rest + "  ",
                    lines.get(0) + (same ? "; same stack as above" : ""), o);
            for (String detail : lines.subList(1, lines.size())) {
                String text = detail.stripLeading();
                String indent = rest + "    " + " ".repeat(detail.length() - text.length());
                // "at" belongs to the prefix: a frame longer than the line must not leave it alone above.
                String at = text.startsWith("at ") ? "at " : "";
                wrapped(indent + at, indent + "    ", text.substring(at.length()), o, DIM);
            }
            if (stack != null) {
                previousStack = stack;
            }
        }
        if (all.size() > shown.size()) {
            List<Evidence> hidden = all.subList(shown.size(), all.size());
            wrapped(rest, rest, "... and " + hidden.size() + " more (" + RenderSupport.evidenceTally(hidden)
                    + "); the JSON report (-f json) has all of them", o, DIM);
        }
    }

    private static List<String> stackOf(Evidence e) {
        if (e instanceof Evidence.ObservedWrite w) {
            return w.stack();
        }
        if (e instanceof Evidence.SampleRun r) {
            return r.mapFrames();
        }
        if (e instanceof Evidence.SpinningThread s) {
            return s.mapFrames();
        }
        return null;
    }

    /**
     * One item of evidence: a sentence, then stack frames or details, one per line.
     *
     * @param site the finding's only site, left out of the sentence when the evidence names it again
     * @param frames whether to list the stack frames
     */
    static List<String> evidenceLines(Evidence e, String site, boolean frames) {
        List<String> lines = new ArrayList<>();
        int depth = frames ? FRAMES : 0;
        if (e instanceof Evidence.Overlap ov) {
            lines.add("PROOF: " + thread(ov.entered().thread()) + " entered " + op(ov.entered()) + " at "
                    + time(ov.entered().time()) + " while " + thread(ov.held().thread()) + " was inside "
                    + op(ov.held()) + " (held there " + RenderSupport.micros(ov.heldMicros()) + ")");
            lines.add("inside:   " + thread(ov.held().thread()) + locks(ov.held().locks()));
            frames(ov.held().stack(), "  ", FRAMES, lines);
            lines.add("entering: " + thread(ov.entered().thread()) + locks(ov.entered().locks()));
            frames(ov.entered().stack(), "  ", FRAMES, lines);
        } else if (e instanceof Evidence.ObservedWrite w) {
            lines.add(time(w.time()) + " " + thread(w.thread()) + " " + op(w) + locks(w.locks()));
            frames(w.stack(), "", depth, lines);
        } else if (e instanceof Evidence.Corruption c) {
            lines.add("integrity check failed: " + visible(c.check()) + ": " + visible(c.detail()));
        } else if (e instanceof Evidence.ExceptionSeen x) {
            lines.add(time(x.time()) + " " + thread(x.thread()) + " threw " + visible(x.exceptionClass())
                    + (x.message() == null || x.message().isEmpty() ? "" : ": " + visible(x.message())));
            frames(x.stack(), "", FRAMES, lines);
        } else if (e instanceof Evidence.SampleRun r) {
            String length = RenderSupport.duration(r.from(), r.to());
            lines.add(thread(r.thread()) + " stayed inside map code for "
                    + count(r.samples(), "consecutive sample", "consecutive samples")
                    + (length == null ? "" : " over " + length) + " (" + span(r.from(), r.to()) + ")"
                    + at(r.site(), site));
            frames(r.mapFrames(), "", depth, lines);
        } else if (e instanceof Evidence.SpinningThread s) {
            lines.add(RenderSupport.spinning(s) + at(s.site(), site));
            frames(s.mapFrames(), "", depth, lines);
        } else if (e instanceof Evidence.ThreadDumpSeen d) {
            lines.add("thread dump at " + time(d.time()) + ": \"" + visible(d.thread()) + "\" "
                    + visible(d.state()) + " inside map code");
            frames(d.frames(), "", FRAMES, lines);
        } else if (e instanceof Evidence.CoSampled c) {
            lines.add(thread(c.first()) + " + " + thread(c.second()) + " in the same sampling period "
                    + count(c.periods(), "time", "times") + " (" + span(c.firstSeen(), c.lastSeen()) + ")"
                    + at(c.site(), site));
        } else if (e instanceof Evidence.SiteSamples s) {
            lines.add(visible(s.site()) + ": " + count(s.samples(), "sample", "samples") + " in "
                    + visible(s.mapMethod()) + " by " + count(s.threads(), "thread", "threads"));
        } else if (e instanceof Evidence.LockWaits w) {
            lines.add(thread(w.waiter()) + " waited for "
                    + (w.holder() == null ? "a lock holder not recorded" : thread(w.holder())) + " on "
                    + lockClass(w.lockClass()) + (w.waitKind() == null ? "" : " (" + visible(w.waitKind()) + ")")
                    + ": " + count(w.count(), "time", "times") + ", " + RenderSupport.millis(w.totalMillis())
                    + " in all, longest " + RenderSupport.millis(w.maxMillis()));
        } else if (e instanceof Evidence.SharedLockSeen l) {
            lines.add(visible(l.method()) + " takes a shared lock, " + lockClass(l.lockClass()) + ": sampled in it "
                    + count(l.samples(), "time", "times") + " from " + count(l.threads().size(), "thread", "threads")
                    + "; a shared lock does not order writes");
        } else if (e instanceof Evidence.Sharing s) {
            lines.add("shared: " + visible(s.reason()) + (s.threads() == null || s.threads().isEmpty() ? ""
                    : " (threads: " + String.join(", ", s.threads().stream().map(RenderSupport::visible).toList())
                    + ")"));
        }
        return lines;
    }

    private static String at(String site, String findingSite) {
        return site == null || site.equals(findingSite) ? "" : " at " + visible(site);
    }

    private static String op(Evidence.ObservedWrite w) {
        return w.operation() == null ? "a write" : visible(RenderSupport.call(w.operation()));
    }

    /** {@code  holding ReentrantReadWriteLock$ReadLock@6021 [SHARED read lock: ... does not protect writes]}. */
    private static String locks(List<HeldLock> locks) {
        if (locks == null || locks.isEmpty()) {
            return " holding no lock";
        }
        List<String> parts = new ArrayList<>();
        for (HeldLock l : locks) {
            parts.add(lock(l) + " [" + RenderSupport.lockMode(l) + "]");
        }
        return " holding " + String.join(", ", parts);
    }

    private static void frames(List<String> stack, String indent, int depth, List<String> lines) {
        if (stack == null || depth == 0) {
            return;
        }
        for (int i = 0; i < Math.min(depth, stack.size()); i++) {
            lines.add(indent + "at " + visible(stack.get(i)));
        }
        if (stack.size() > depth) {
            lines.add(indent + "... " + count(stack.size() - depth, "more frame", "more frames"));
        }
    }

    // ---- the graph

    private void graph(ContentionGraph g, Out o) throws IOException {
        o.nl();
        heading("Contending threads", o);
        Map<String, String> names = RenderSupport.nodeLabels(g);
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
                o.styled(DIM, "  ... and " + (races.size() - EDGE_CAP) + " more race edges").nl();
                break;
            }
            String sev = e.severity() == null ? "" : ", " + e.severity().label();
            wrapped("  race    ", "          ", name(names, e.from()) + " -- " + name(names, e.to()) + ": "
                    + visible(e.map()) + ", " + count(e.count(), "time", "times") + sev + findings(e), o);
        }
        shown = 0;
        for (ContentionGraph.Edge e : blocks) {
            if (shown++ == EDGE_CAP) {
                o.styled(DIM, "  ... and " + (blocks.size() - EDGE_CAP) + " more blocks edges").nl();
                break;
            }
            wrapped("  blocks  ", "          ", name(names, e.from()) + " -> " + name(names, e.to())
                    + ": " + count(e.count(), "wait", "waits") + " for " + lockClass(e.lock())
                    + (e.totalMillis() == null ? "" : ", " + RenderSupport.millis(e.totalMillis()) + " in all")
                    + findings(e), o);
        }
        for (List<String> cycle : g.cycles()) {
            List<String> path = new ArrayList<>(cycle.stream().map(k -> name(names, k)).toList());
            if (!path.isEmpty()) {
                path.add(path.get(0));
            }
            wrapped("  cycle   ", "          ", String.join(" -> ", path)
                    + " (each waits for a lock the next one holds)", o);
        }
        for (ContentionGraph.Node n : g.threads()) {
            if (n.waitedOn() != null && !n.waitedOn().isEmpty()) {
                wrapped("  parked  ", "          ", RenderSupport.node(n) + " waited on " + String.join(", ",
                        n.waitedOn().stream().map(RenderSupport::visible).toList()) + ", holder not recorded", o);
            }
        }
    }

    private static String name(Map<String, String> names, String key) {
        String n = names.get(key);
        return n != null ? n : visible(key);
    }

    private static String findings(ContentionGraph.Edge e) {
        return e.findings() == null || e.findings().isEmpty() ? ""
                : " [" + String.join(", ", e.findings().stream().map(RenderSupport::visible).toList()) + "]";
    }

    // ---- layout

    /** A labelled field: the first line after the label, more values (or wrapped lines) aligned under it. */
    private void field(String label, List<String> values, Out o, String indent) throws IOException {
        String first = indent + pad(label);
        String rest = indent + " ".repeat(LABEL_WIDTH);
        for (int i = 0; i < values.size(); i++) {
            // Explanations may hold paragraphs; each one wraps on its own.
            String[] paragraphs = visibleParagraphs(values.get(i));
            for (int p = 0; p < paragraphs.length; p++) {
                wrapped(i == 0 && p == 0 ? first : rest, rest, paragraphs[p], o);
            }
        }
    }

    private static String[] visibleParagraphs(String s) {
        String[] ps = s.split("\n");
        for (int i = 0; i < ps.length; i++) {
            ps[i] = visible(ps[i]);
        }
        return ps;
    }

    private static String pad(String label) {
        return label + " ".repeat(Math.max(1, LABEL_WIDTH - label.length()));
    }

    /** Writes {@code text} wrapped at spaces to {@link #WIDTH}; a word longer than a line stays whole. */
    private void wrapped(String firstPrefix, String restPrefix, String text, Out o) throws IOException {
        wrapped(firstPrefix, restPrefix, text, o, null);
    }

    private void wrapped(String firstPrefix, String restPrefix, String text, Out o, String style)
            throws IOException {
        for (String line : wrap(firstPrefix, restPrefix, text, WIDTH)) {
            if (style == null) {
                o.text(line).nl();
            } else {
                // Only the text is styled: the indentation stays plain, so copied text keeps no stray codes.
                String trimmed = line.stripLeading();
                o.text(line.substring(0, line.length() - trimmed.length())).styled(style, trimmed).nl();
            }
        }
    }

    static List<String> wrap(String firstPrefix, String restPrefix, String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(firstPrefix);
        int start = line.length();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > start && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(restPrefix);
                start = line.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private String severityColor(Severity s) {
        return switch (s) {
            case PROVEN -> RED;
            case LIKELY -> YELLOW;
            case CANDIDATE -> CYAN;
        };
    }

    /**
     * Where text goes. Everything written passes through {@link RenderSupport#visible} here, so no string from
     * the report can reach the terminal as a control sequence; the only escape sequences are {@link #styled}'s
     * own, and only when color is on.
     */
    private final class Out {
        private final Appendable out;

        Out(Appendable out) {
            this.out = out;
        }

        Out text(String s) throws IOException {
            out.append(plain(s));
            return this;
        }

        Out styled(String style, String s) throws IOException {
            if (color) {
                out.append(style).append(plain(s)).append(RESET);
            } else {
                out.append(plain(s));
            }
            return this;
        }

        private String plain(String s) {
            return visible(s).replace(RenderSupport.NBSP, " ");
        }

        Out nl() throws IOException {
            out.append('\n');
            return this;
        }
    }
}
