package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.HeldLock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

    /**
     * How one evidence type is tabulated: a caption, column headings, and the cells of a row. A column named
     * {@code Site} is left out when every row names the finding's only site.
     */
    private record Table<E extends Evidence>(String caption, List<String> columns, Function<E, List<String>> row,
                                             Function<E, String> site) {
        Table(String caption, List<String> columns, Function<E, List<String>> row) {
            this(caption, columns, row, null);
        }
    }

    private static final Map<Class<? extends Evidence>, Table<? extends Evidence>> TABLES = new LinkedHashMap<>();

    static {
        put(Evidence.Corruption.class, new Table<>("Integrity checks that failed", List.of("Check", "Detail"),
                c -> List.of(code(c.check()), esc(c.detail()))));
        put(Evidence.ExceptionSeen.class, new Table<>("Exceptions thrown inside map code",
                List.of("Time", "Thread", "Exception", "Stack"),
                x -> List.of(time(x), thread(x.thread()), code(x.exceptionClass())
                        + (x.message() == null || x.message().isEmpty() ? "" : "<div>" + esc(x.message()) + "</div>"),
                        stack(x.stack()))));
        put(Evidence.SampleRun.class, new Table<>("Threads that stayed inside map code",
                List.of("Thread", "When", "For", "Samples", "Site", "Map frames"),
                r -> List.of(thread(r.thread()), esc(RenderSupport.span(r.from(), r.to())),
                        esc(orDash(RenderSupport.duration(r.from(), r.to()))), num(r.samples()), code(r.site()),
                        stack(r.mapFrames())), Evidence.SampleRun::site));
        put(Evidence.SpinningThread.class, new Table<>("Threads spinning in map code in every thread dump",
                List.of("Thread", "Seen", "CPU", "Site", "Map frames"),
                r -> List.of(thread(r.thread()), esc(RenderSupport.span(r.firstSeen(), r.lastSeen())) + " ("
                        + num(r.dumps()) + " dumps)", esc(RenderSupport.cpu(r)), code(r.site()),
                        stack(r.mapFrames())), Evidence.SpinningThread::site));
        put(Evidence.ThreadDumpSeen.class, new Table<>("Thread dumps showing a thread inside map code",
                List.of("Time", "Thread", "State", "Frames"),
                d -> List.of(esc(RenderSupport.time(d.time())), esc(d.thread()), esc(d.state()), stack(d.frames()))));
        put(Evidence.CoSampled.class, new Table<>("Threads sampled inside the write in the same sampling period",
                List.of("Threads", "Periods", "First - last seen", "Site"),
                c -> List.of(thread(c.first()) + " <span class=\"muted\">+</span> " + thread(c.second()),
                        num(c.periods()), esc(RenderSupport.span(c.firstSeen(), c.lastSeen())), code(c.site())),
                Evidence.CoSampled::site));
        put(Evidence.ObservedWrite.class, new Table<>("Writes observed", List.of("Time", "Thread", "Operation",
                "Locks held", "Stack"),
                w -> List.of(esc(RenderSupport.time(w.time())), thread(w.thread()), code(w.operation()),
                        locks(w.locks()), stack(w.stack()))));
        put(Evidence.SiteSamples.class, new Table<>("Write sites sampled", List.of("Site", "Map method", "Samples",
                "Threads"),
                s -> List.of(code(s.site()), code(s.mapMethod()), num(s.samples()), num(s.threads()))));
        put(Evidence.LockWaits.class, new Table<>("Lock waits", List.of("Waiter", "Holder", "Lock", "Kind",
                "Waits", "Total", "Longest"),
                w -> List.of(thread(w.waiter()), w.holder() == null ? "<span class=\"muted\">not recorded</span>"
                                : thread(w.holder()), code(w.lockClass()), esc(w.waitKind()), num(w.count()),
                        esc(RenderSupport.millis(w.totalMillis())), esc(RenderSupport.millis(w.maxMillis())))));
        put(Evidence.SharedLockSeen.class, new Table<>("Shared locks around the writes (they order nothing)",
                List.of("Method", "Lock", "Samples", "Threads"),
                l -> List.of(code(l.method()), code(l.lockClass()), num(l.samples()), num(l.threads().size()))));
        put(Evidence.Sharing.class, new Table<>("Why the map is shared", List.of("Reason", "Threads"),
                s -> List.of(esc(s.reason()), s.threads() == null ? "" : esc(String.join(", ", s.threads())))));
    }

    private static <E extends Evidence> void put(Class<E> type, Table<E> table) {
        TABLES.put(type, table);
    }

    /** @param site the finding's only site, or null: a Site column repeating it is left out */
    static void render(List<Evidence> evidence, String site, StringBuilder out) {
        List<Evidence> sorted = RenderSupport.strongestFirst(evidence);
        for (Evidence e : sorted) {
            if (e instanceof Evidence.Overlap o) {
                overlap(o, out);
            }
        }
        Map<Class<? extends Evidence>, List<Evidence>> byType = new LinkedHashMap<>();
        for (Evidence e : sorted) {
            if (!(e instanceof Evidence.Overlap)) {
                byType.computeIfAbsent(e.getClass(), k -> new ArrayList<>()).add(e);
            }
        }
        byType.forEach((type, items) -> table(TABLES.get(type), items, site, out));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Evidence> void table(Table<E> t, List<Evidence> items, String site,
                                                   StringBuilder out) {
        if (t == null) {
            return;
        }
        int drop = -1;
        if (site != null && t.site() != null && items.stream().allMatch(e -> site.equals(t.site().apply((E) e)))) {
            drop = t.columns().indexOf("Site");
        }
        out.append("<div class=\"evidence\"><h5>").append(esc(t.caption())).append(" <span class=\"muted\">(")
                .append(items.size()).append(")</span></h5>\n");
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

    @SuppressWarnings("unchecked")
    private static <E extends Evidence> void rows(Table<E> t, List<Evidence> items, int drop, StringBuilder out) {
        out.append("<table><thead><tr>");
        for (int i = 0; i < t.columns().size(); i++) {
            if (i != drop) {
                out.append("<th>").append(esc(t.columns().get(i))).append("</th>");
            }
        }
        out.append("</tr></thead><tbody>\n");
        List<String> previous = List.of();
        for (Evidence e : items) {
            out.append("<tr>");
            List<String> cells = t.row().apply((E) e);
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
    private static void overlap(Evidence.Overlap o, StringBuilder out) {
        out.append("<div class=\"proof\"><div class=\"proof-head\"><span class=\"badge proven\">proof</span> ")
                .append(thread(o.entered().thread())).append(" entered ").append(code(op(o.entered())))
                .append(" at ").append(esc(RenderSupport.time(o.entered().time()))).append(" while ")
                .append(thread(o.held().thread())).append(" was inside ").append(code(op(o.held())))
                .append(" (held there ").append(esc(RenderSupport.micros(o.heldMicros()))).append(")</div>\n")
                .append("<div class=\"proof-cols\">");
        side("Inside", o.held(), out);
        side("Entering", o.entered(), out);
        out.append("</div></div>\n");
    }

    private static void side(String role, Evidence.ObservedWrite w, StringBuilder out) {
        out.append("<div class=\"proof-side\"><h6>").append(esc(role)).append(": ").append(thread(w.thread()))
                .append("</h6><div class=\"locks\">").append(locks(w.locks())).append("</div>")
                .append(stack(w.stack())).append("</div>");
    }

    private static String op(Evidence.ObservedWrite w) {
        return w.operation() == null ? "a write" : RenderSupport.visible(RenderSupport.call(w.operation()));
    }

    static String locks(List<HeldLock> locks) {
        if (locks == null || locks.isEmpty()) {
            return "<span class=\"lock none\">no lock</span>";
        }
        StringBuilder b = new StringBuilder();
        for (HeldLock l : locks) {
            boolean shared = l.mode() == HeldLock.Mode.SHARED;
            b.append("<span class=\"lock").append(shared ? " shared" : "").append("\" title=\"")
                    .append(esc(l.lockClass())).append("\">").append(esc(RenderSupport.lock(l)))
                    .append(" <em>").append(esc(l.mode() == null ? "?" : l.mode().label())).append("</em>");
            if (shared) {
                b.append(" <strong>does not protect writes</strong>");
            }
            b.append("</span> ");
        }
        return b.toString().trim();
    }

    static String thread(ThreadRef t) {
        if (t == null) {
            return "<span class=\"muted\">unknown thread</span>";
        }
        return "<span class=\"thread\">" + esc(t.name()) + " <span class=\"tid\">#" + t.id() + "</span></span>";
    }

    private static String time(Evidence.ExceptionSeen x) {
        return esc(RenderSupport.time(x.time()));
    }

    private static String num(long n) {
        return "<span class=\"num\">" + RenderSupport.count(n) + "</span>";
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** A stack, one block per frame; frames beyond the first few are folded. */
    static String stack(List<String> frames) {
        if (frames == null || frames.isEmpty()) {
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
