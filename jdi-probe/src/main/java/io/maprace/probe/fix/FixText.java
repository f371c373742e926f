package io.maprace.probe.fix;

import java.io.PrintWriter;
import java.util.List;

/** The text of a fix plan, result and records. Keys and values are never shown: they are not even read here. */
public final class FixText {

    private FixText() {
    }

    /** For a {@code [*]} path: how many maps it reached and which were left out. Nothing for a plain path. */
    public static void batch(String path, int plans, int objects, List<String> skipped, PrintWriter out) {
        if (objects < 0) {
            return;
        }
        out.println(path + ": " + plans + " map(s) to fix, reached from " + objects + " object(s) the collection"
                + " holds ([#i]: the i-th object read, not a stable index)" + (skipped.isEmpty() ? "" : "; skipped:"));
        listed(skipped, out);
    }

    /** For {@code --from}: which maps the report named, and which of them are left out. */
    public static void fromReport(String file, List<String> named, int plans, List<String> skipped, PrintWriter out) {
        out.println(file + " names " + named.size() + " racing or damaged map(s) with a path: " + plans
                + " map(s) to fix" + (skipped.isEmpty() ? "" : "; skipped:"));
        listed(skipped, out);
    }

    private static void listed(List<String> lines, PrintWriter out) {
        for (String s : lines) {
            out.println("  - " + s);
        }
    }

    public static void plan(FixPlan p, PrintWriter out) {
        FixPlan.MapInfo m = p.map();
        out.println("Plan: make " + m.path() + " thread-safe");
        out.println("  map:         a " + m.type() + (m.family() != null && !m.family().equals(m.type())
                ? " (a " + m.family() + ")" : ""));
        FixPlan.Health h = p.map().health();
        out.println("  health:      " + (h.damaged() ? "CORRUPTED: " + h.detail()
                : h.checked() ? "intact (" + h.entries() + " entries, fields walked, no method called)"
                : "not checked: " + h.detail()));
        out.println("  references:  " + p.holders().size());
        for (FixPlan.Holder r : p.holders()) {
            out.println("    " + r.label() + " — declared " + r.declaredType() + ", " + (r.isStatic() ? "static " : "")
                    + (r.isFinal() ? "final (written through Unsafe after a type check)" : "written through JDI")
                    + " [found by " + r.foundBy() + "]");
        }
        out.println("  replacement: " + p.replacement().type());
        out.println("    why: " + p.replacement().reason());
        out.println("  pause:       the threads that use the map are held at the methods that read its field, about "
                + p.expectedPauseMillis() + " ms; before that, one of them is held alone while the replacement is made"
                + " (tens of ms; a few hundred when a class is defined in the target); other threads are stopped only"
                + " for the checks (a few ms each)");
        out.println("  a swap cannot fix:");
        for (String s : p.cannotFix()) {
            out.println("    - " + s);
        }
        for (String n : p.notes()) {
            out.println("  note: " + n);
        }
        out.flush();
    }

    public static void result(FixResult r, PrintWriter out) {
        out.printf("%s: threads that use the map held %.0f ms (%d held at %d methods, %d round%s)%n",
                r.action().equals("fixed") ? "Fixed" : "Undone", r.pauseMillis(), r.heldThreads(),
                r.barrierMethods(), r.rounds(), r.rounds() == 1 ? "" : "s");
        if (r.entriesRecovered() >= 0) {
            out.printf("  entries: %d recovered, %d lost (estimated from the damaged size), %d duplicates dropped%n",
                    r.entriesRecovered(), r.entriesLost(), r.duplicatesDropped());
        } else if (r.action().equals("fixed")) {
            out.println("  entries: none copied — the map itself is now behind the lock");
        }
        out.println("  references now pointing at the " + (r.action().equals("fixed") ? "replacement" : "restored map")
                + ": " + r.holdersVerified());
        if (r.writesAfter() >= 0) {
            out.println("  after the swap: " + r.writesAfter() + " structural changes to the map in place"
                    + (r.writesAfter() > 0 ? " — the target goes on using it" : " (none seen: is it idle?)"));
        }
        for (FixResult.Released t : r.released()) {
            out.println("  released " + t.thread() + ": " + (t.left() ? "left the old map" : "STILL inside the old map"));
        }
        for (String n : r.notes()) {
            out.println("  note: " + n);
        }
        out.flush();
    }

    public static void records(List<FixRecord> records, PrintWriter out) {
        if (records.isEmpty()) {
            out.println("No fix records.");
        }
        for (FixRecord r : records) {
            out.printf("%-30s %-8s pid %-7d %s  %s by %s%s%n", r.id(), r.status(), r.pid(), r.path(),
                    r.created(), r.user(), r.result() == null ? ""
                            : String.format(", held %.0f ms", r.result().pauseMillis()));
        }
        out.flush();
    }
}
