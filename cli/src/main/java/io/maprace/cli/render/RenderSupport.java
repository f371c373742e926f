package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Numbers;
import io.maprace.graph.ContentionGraph;

import java.util.List;
import java.util.Locale;

/**
 * Text shared by the renderers for people, so that a thread or a count reads the same in text, DOT and HTML.
 * Every string from the report (thread names above all) is untrusted: renderers pass it through
 * {@link #visible} before it reaches a terminal, and HTML and DOT escape it on top of that. Times are in
 * {@link Times}, locks in {@link Locks}, the source's facts in {@link SourceFacts}.
 */
final class RenderSupport {

    private RenderSupport() {
    }

    // ---- untrusted text

    /** An observed operation as a call: {@code HashMap.put()}, {@code LruMap.get() (access order)}. */
    static String call(String operation) {
        int note = operation.indexOf(" (");
        return note < 0 ? operation + "()" : operation.substring(0, note) + "()" + operation.substring(note);
    }

    /**
     * The string with every character that could act on a terminal or reorder text shown as a {@code \\uXXXX}
     * escape: C0/C1 controls (an ESC in a thread name would otherwise drive the user's terminal), DEL, and the
     * bidirectional overrides and isolates (which can make a displayed name lie about its content).
     */
    static String visible(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isHidden(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean isHidden(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }

    /** Cuts a label to {@code max} characters, marking the cut. */
    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 3)) + "...";
    }

    // ---- threads, maps, locks

    static String thread(ThreadRef t) {
        return visible(t.name()) + " #" + t.id();
    }

    static String threads(List<ThreadRef> ts) {
        return String.join(", ", ts.stream().map(RenderSupport::thread).toList());
    }

    static String node(ContentionGraph.Node n) {
        return visible(n.name()) + " #" + n.id();
    }

    // ---- numbers

    static String count(long n) {
        return Numbers.grouped(n);
    }

    /** {@code 1 sample}, {@code 37 samples}. */
    static String count(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }
}
