package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.HeldLock;

import java.util.List;

import static io.maprace.cli.render.Html.code;
import static io.maprace.cli.render.Html.esc;

/**
 * A finding's evidence as HTML: the proof of an overlap as two stacks side by side, everything else as one
 * table per evidence type, a few rows shown and the rest folded.
 */
final class HtmlEvidence {

    /** Rows shown before the rest of a table is folded under "N more". */
    static final int SHOWN_ROWS = 8;
    /** Rows written at all per table; the JSON report has the others. */
    static final int MAX_ROWS = 500;
    private static final int FRAMES = 6;

    private HtmlEvidence() {
    }

    /** How one evidence type is tabulated: a caption and column headings. */
    private record Table(String caption, List<String> columns) {
        Table(String caption, String... columns) {
            this(caption, List.of(columns));
        }
    }

    /**
     * One item of evidence drawn: the cells of its table's row, or for a proof ({@code table} null) the one
     * block it is drawn as.
     *
     * @param site the site the row names, or null: a column named {@code Site} is left out when every row
     *             names the finding's only site
     */
    private record Row(Table table, List<String> cells, String site) {
        Row(Table table, String... cells) {
            this(table, List.of(cells), null);
        }
    }

    /** The rows of each evidence type: a visitor, so that no type can be left undrawn. */
    private static final Evidence.Visitor<Row> ROWS = new Evidence.Visitor<>() {
        private final Table corruption = new Table("Integrity checks that failed", "Check", "Detail");
        private final Table exceptions = new Table("Exceptions thrown inside map code", "Time", "Thread",
                "Exception", "Stack");
        private final Table runs = new Table("Threads that stayed inside map code", "Thread", "When", "For",
                "Samples", "Site", "Map frames");
        private final Table dumps = new Table("Thread dumps showing a thread inside map code", "Time", "Thread",
                "State", "Frames");
        private final Table spinning = new Table("Threads spinning in map code in every thread dump", "Thread",
                "Seen", "CPU", "Site", "Map frames");
        private final Table coSampled = new Table("Threads sampled inside the write in the same sampling period",
                "Threads", "Periods", "First - last seen", "Site");
        private final Table writes = new Table("Writes observed", "Time", "Thread", "Operation", "Locks held",
                "Stack");
        private final Table sites = new Table("Write sites sampled", "Site", "Map method", "Samples", "Threads");
        private final Table waits = new Table("Lock waits", "Waiter", "Holder", "Lock", "Kind", "Waits", "Total",
                "Longest");
        private final Table sharedLocks = new Table("Shared locks around the writes (they order nothing)",
                "Method", "Lock", "Samples", "Waits", "Threads");
        private final Table sharing = new Table("Why the map is shared", "Reason", "Threads");
        private final Table activity = new Table("Writes close together in time", "Window",
                "Windows with 2+ writers", "Most writers in one", "Write samples / writers' samples");
        private final Table resizes = new Table("New bucket tables allocated by resize", "Site", "Samples",
                "Threads");

        @Override
        public Row writeActivity(Evidence.WriteActivity a) {
            return new Row(activity, esc(Times.millis(a.windowMillis())), num(a.windows()), num(a.mostThreads()),
                    num(a.writeSamples()) + " / " + num(a.threadSamples()));
        }

        @Override
        public Row tableResizes(Evidence.TableResizes r) {
            return new Row(resizes, code(r.site()), num(r.samples()), num(r.threads().size()));
        }

        @Override
        public Row overlap(Evidence.Overlap o) {
            return new Row(null, proof(o));
        }

        @Override
        public Row corruption(Evidence.Corruption c) {
            return new Row(corruption, code(c.check()), esc(c.detail()));
        }

        @Override
        public Row exceptionSeen(Evidence.ExceptionSeen x) {
            return new Row(exceptions, esc(Times.time(x.time())), thread(x.thread()), code(x.exceptionClass())
                    + (x.message() == null || x.message().isEmpty() ? "" : "<div>" + esc(x.message()) + "</div>"),
                    stack(x.stack()));
        }

        @Override
        public Row sampleRun(Evidence.SampleRun r) {
            String length = Times.duration(r.from(), r.to());
            return new Row(runs, List.of(thread(r.thread()), esc(Times.span(r.from(), r.to())),
                    esc(length == null ? "-" : length), num(r.samples()), code(r.site()), stack(r.mapFrames())),
                    r.site());
        }

        @Override
        public Row spinningThread(Evidence.SpinningThread s) {
            return new Row(spinning, List.of(thread(s.thread()), esc(Times.span(s.firstSeen(), s.lastSeen())) + " ("
                    + num(s.dumps()) + " dumps)", esc(SpinningSentence.cpu(s)), code(s.site()),
                    stack(s.mapFrames())), s.site());
        }

        @Override
        public Row threadDumpSeen(Evidence.ThreadDumpSeen d) {
            return new Row(dumps, esc(Times.time(d.time())), esc(d.thread()), esc(d.state()), stack(d.frames()));
        }

        @Override
        public Row coSampled(Evidence.CoSampled c) {
            return new Row(coSampled, List.of(thread(c.first()) + " <span class=\"muted\">+</span> "
                    + thread(c.second()), num(c.periods()), esc(Times.span(c.firstSeen(), c.lastSeen())),
                    code(c.site())), c.site());
        }

        @Override
        public Row observedWrite(Evidence.ObservedWrite w) {
            return new Row(writes, esc(Times.time(w.time())), thread(w.thread()), code(w.operation()),
                    locks(w.locks()), stack(w.stack()));
        }

        @Override
        public Row siteSamples(Evidence.SiteSamples s) {
            return new Row(sites, code(s.site()), code(s.mapMethod()), num(s.samples()), num(s.threads()));
        }

        @Override
        public Row lockWaits(Evidence.LockWaits w) {
            return new Row(waits, thread(w.waiter()), w.holder() == null
                    ? "<span class=\"muted\">not recorded</span>" : thread(w.holder()), code(w.lockClass()),
                    esc(w.waitKind()), num(w.count()), esc(Times.millis(w.totalMillis())),
                    esc(Times.millis(w.maxMillis())));
        }

        @Override
        public Row sharedLockSeen(Evidence.SharedLockSeen l) {
            return new Row(sharedLocks, code(l.method()), code(l.lockClass()), num(l.samples()), num(l.waits()),
                    num(l.threads().size()));
        }

        @Override
        public Row sharing(Evidence.Sharing s) {
            return new Row(sharing, esc(s.reason()), esc(String.join(", ", s.threads())));
        }
    };

    /** A finding's evidence: proofs first, then one table per evidence type, strongest first. */
    /** @param bases whether each table (and proof) says if its evidence was sampled or proven */
    static void render(Finding f, boolean bases, StringBuilder out) {
        String site = ReportWalk.onlySite(f);
        for (List<Evidence> items : ReportWalk.evidenceByKind(f).values()) {
            List<Row> rows = items.stream().map(e -> e.accept(ROWS)).toList();
            if (rows.get(0).table() == null) {
                rows.forEach(r -> out.append(r.cells().get(0)));
            } else {
                table(rows, site, bases ? items.get(0).basis() : null, out);
            }
        }
    }

    /** @param basis said beside the caption when the report joins sampled and proven evidence, else null */
    private static void table(List<Row> items, String site, Evidence.Basis basis, StringBuilder out) {
        Table t = items.get(0).table();
        int drop = -1;
        if (site != null && items.stream().allMatch(r -> site.equals(r.site()))) {
            drop = t.columns().indexOf("Site");
        }
        out.append("<div class=\"evidence\"><h5>").append(esc(t.caption())).append(" <span class=\"muted\">(")
                .append(items.size()).append(")</span>")
                .append(basis == null ? "" : basisBadge(basis)).append("</h5>\n");
        int shown = Math.min(SHOWN_ROWS, items.size());
        rows(t, items.subList(0, shown), drop, out);
        if (items.size() > shown) {
            int folded = Math.min(items.size(), MAX_ROWS) - shown;
            out.append("<details><summary>").append(folded).append(" more</summary>\n");
            rows(t, items.subList(shown, shown + folded), drop, out);
            out.append("</details>\n");
        }
        if (items.size() > MAX_ROWS) {
            out.append("<p class=\"muted\">").append(items.size() - MAX_ROWS)
                    .append(" more rows are in the JSON report (-f json).</p>\n");
        }
        out.append("</div>\n");
    }

    /** Sampled: the plain badge; proven: the proof's colour (no new style, so the page's style hash stays). */
    private static String basisBadge(Evidence.Basis basis) {
        return " <span class=\"badge basis-" + basis.label() + (basis == Evidence.Basis.PROVEN ? " proven" : "")
                + "\">" + basis.label() + "</span>";
    }

    private static void rows(Table t, List<Row> items, int drop, StringBuilder out) {
        out.append("<table><thead><tr>");
        for (int i = 0; i < t.columns().size(); i++) {
            if (i != drop) {
                out.append("<th>").append(esc(t.columns().get(i))).append("</th>");
            }
        }
        out.append("</tr></thead><tbody>\n");
        List<String> previous = List.of();
        for (Row row : items) {
            out.append("<tr>");
            List<String> cells = row.cells();
            for (int i = 0; i < cells.size(); i++) {
                if (i == drop) {
                    continue;
                }
                // Writes at one site usually share their stack: show it once.
                boolean repeated = i < previous.size() && cells.get(i).startsWith("<div class=\"stack\">")
                        && cells.get(i).equals(previous.get(i));
                out.append("<td>").append(repeated ? "<span class=\"muted\">same as above</span>" : cells.get(i))
                        .append("</td>");
            }
            previous = cells;
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    /** The proof: which thread entered while which was inside, with both stacks and the locks each held. */
    private static String proof(Evidence.Overlap o) {
        StringBuilder out = new StringBuilder();
        out.append("<div class=\"proof\"><div class=\"proof-head\"><span class=\"badge proven\">proof</span> ")
                .append(ProofSentence.of(o, WORDS)).append("</div>\n").append("<div class=\"proof-cols\">");
        side("Inside", o.held(), out);
        side("Entering", o.entered(), out);
        return out.append("</div></div>\n").toString();
    }

    /** The proof sentence in HTML. */
    private static final ProofSentence.Words WORDS = new ProofSentence.Words() {
        @Override
        public String thread(ThreadRef t) {
            return HtmlEvidence.thread(t);
        }

        @Override
        public String code(String s) {
            return Html.code(s);
        }

        @Override
        public String text(String s) {
            return esc(s);
        }
    };

    private static void side(String role, Evidence.ObservedWrite w, StringBuilder out) {
        out.append("<div class=\"proof-side\"><h6>").append(esc(role)).append(": ").append(thread(w.thread()))
                .append("</h6><div class=\"locks\">").append(locks(w.locks())).append("</div>")
                .append(stack(w.stack())).append("</div>");
    }

    static String locks(List<HeldLock> locks) {
        if (locks.isEmpty()) {
            return "<span class=\"lock none\">no lock</span>";
        }
        StringBuilder b = new StringBuilder();
        for (HeldLock l : locks) {
            boolean shared = Locks.isShared(l);
            b.append("<span class=\"lock").append(shared ? " shared" : "").append("\" title=\"")
                    .append(esc(l.lockClass())).append("\">").append(esc(Locks.lock(l)))
                    .append(" <em>").append(esc(l.mode().label())).append("</em>");
            if (shared) {
                b.append(" <strong>").append(Locks.SHARED_NOTE).append("</strong>");
            }
            b.append("</span> ");
        }
        return b.toString().trim();
    }

    static String thread(ThreadRef t) {
        return "<span class=\"thread\">" + esc(t.name()) + " <span class=\"tid\">#" + t.id() + "</span></span>";
    }

    private static String num(long n) {
        return "<span class=\"num\">" + RenderSupport.count(n) + "</span>";
    }

    /** A stack, one block per frame; frames beyond the first few are folded. */
    static String stack(List<String> frames) {
        if (frames.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<div class=\"stack\">");
        frames(frames.subList(0, Math.min(FRAMES, frames.size())), b);
        if (frames.size() > FRAMES) {
            b.append("<details class=\"frames\"><summary>").append(frames.size() - FRAMES)
                    .append(frames.size() - FRAMES == 1 ? " more frame" : " more frames").append("</summary>");
            frames(frames.subList(FRAMES, frames.size()), b);
            b.append("</details>");
        }
        return b.append("</div>").toString();
    }

    private static void frames(List<String> frames, StringBuilder b) {
        for (String f : frames) {
            // Same break opportunities as code(): between the parts of a name, never inside one.
            b.append("<div>").append(esc(f).replaceAll("([.$(])(?=[^.$(])", "$1<wbr>")).append("</div>");
        }
    }
}
