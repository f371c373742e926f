package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.HeldLock;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.findings.Source;
import io.maprace.graph.ContentionGraph;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formatting shared by the renderers for people, so that a thread, a time or a lock reads the same in text, DOT
 * and HTML. Every string from the report (thread names above all) is untrusted: renderers pass it through
 * {@link #visible} before it reaches a terminal, and HTML and DOT escape it on top of that.
 */
final class RenderSupport {

    /** Times are shown in UTC, said once in each header: the machine reading a report is rarely the target. */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RenderSupport() {
    }

    // ---- untrusted text

    /**
     * The string with every character that could act on a terminal or reorder text shown as a {@code \\uXXXX}
     * escape: C0/C1 controls (an ESC in a thread name would otherwise drive the user's terminal), DEL, and the
     * bidirectional overrides and isolates (which can make a displayed name lie about its content).
     */
    /** An observed operation as a call: {@code HashMap.put()}, {@code LruMap.get() (access order)}. */
    static String call(String operation) {
        int note = operation.indexOf(" (");
        return note < 0 ? operation + "()" : operation.substring(0, note) + "()" + operation.substring(note);
    }

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
        return t == null ? "an unknown thread" : visible(t.name()) + " #" + t.id();
    }

    static String threads(List<ThreadRef> ts) {
        return String.join(", ", ts.stream().map(RenderSupport::thread).toList());
    }

    static String node(ContentionGraph.Node n) {
        return visible(n.name()) + " #" + n.id();
    }

    /** Node labels by key, for edges and cycles; a key the graph does not declare stands for itself. */
    static Map<String, String> nodeLabels(ContentionGraph graph) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (ContentionGraph.Node n : graph.threads()) {
            labels.put(n.key(), node(n));
        }
        return labels;
    }

    /**
     * A lock class for a line of text: JDK classes without their package (everyone knows
     * {@code ReentrantReadWriteLock$ReadLock}), application classes in full (their package tells whose lock).
     */
    static String lockClass(String cls) {
        if (cls == null) {
            return "an unknown lock";
        }
        String v = visible(cls);
        if (v.startsWith("java.") || v.startsWith("javax.") || v.startsWith("jdk.") || v.startsWith("sun.")) {
            return v.substring(v.lastIndexOf('.') + 1);
        }
        return v;
    }

    static String lock(HeldLock l) {
        String id = l.identity() == null || l.identity().isEmpty() ? "" : "@" + visible(
                l.identity().startsWith("@") ? l.identity().substring(1) : l.identity());
        return lockClass(l.lockClass()) + id;
    }

    /** What a held lock's mode means for the writes made under it. */
    static String lockMode(HeldLock l) {
        if (l.mode() == null) {
            return "mode unknown";
        }
        return switch (l.mode()) {
            case MONITOR -> "monitor";
            case EXCLUSIVE -> "exclusive";
            // Many threads hold a read lock at once: writes made under it are as unprotected as without it.
            case SHARED -> "SHARED: does not protect writes";
        };
    }

    // ---- times and numbers

    static String dateTime(Instant t) {
        return t == null ? "?" : DATE_TIME.format(t);
    }

    static String time(Instant t) {
        return t == null ? "?" : TIME.format(t);
    }

    /** {@code 19:59:38.172-19:59:41.003}, with the end's date when the span crosses midnight. */
    static String span(Instant from, Instant to) {
        if (from == null && to == null) {
            return "time unknown";
        }
        if (from == null || to == null || from.equals(to)) {
            return time(from == null ? to : from);
        }
        return time(from) + "-" + (sameDay(from, to) ? time(to) : dateTime(to));
    }

    /**
     * {@code 97% of a core, 42.1 s of CPU since the thread started 3 min ago: spinning for at most 43 s}, or
     * {@code no CPU times} when the dumps had none.
     */
    static String cpu(Evidence.SpinningThread s) {
        if (s.cpuShare() == null) {
            return "no CPU times";
        }
        String text = String.format(java.util.Locale.ROOT, "%.0f%% of a core", s.cpuShare() * 100);
        if (s.cpuSeconds() != null && s.threadAgeSeconds() != null) {
            text += ", " + millis(Math.round(s.cpuSeconds() * 1000)) + " of CPU since the thread started "
                    + millis(Math.round(s.threadAgeSeconds() * 1000)) + " ago";
        }
        if (s.spinningUpToSeconds() != null) {
            text += ": spinning for at most about " + millis(Math.round(s.spinningUpToSeconds() * 1000));
        }
        return text;
    }

    /** One sentence for a spinning thread: where, since when, at what CPU. */
    static String spinning(Evidence.SpinningThread s) {
        return thread(s.thread()) + " RUNNABLE in map code in all " + s.dumps() + " thread dumps ("
                + span(s.firstSeen(), s.lastSeen()) + "), " + cpu(s)
                + (s.allocatedBytes() == null ? "" : ", allocating " + s.allocatedBytes() + " bytes meanwhile");
    }

    /** A header's span: full date and time, the zone named, and the length. */
    static String headerSpan(Instant from, Instant to) {
        if (from == null && to == null) {
            return null;
        }
        if (from == null || to == null || from.equals(to)) {
            return dateTime(from == null ? to : from) + " UTC";
        }
        String end = sameDay(from, to) ? time(to) : dateTime(to);
        return dateTime(from) + " to " + end + " UTC (" + duration(Duration.between(from, to)) + ")";
    }

    private static boolean sameDay(Instant a, Instant b) {
        return LocalDate.ofInstant(a, ZoneOffset.UTC).equals(LocalDate.ofInstant(b, ZoneOffset.UTC));
    }

    static String duration(Instant from, Instant to) {
        return from == null || to == null ? null : duration(Duration.between(from, to));
    }

    static String duration(Duration d) {
        return millis(d.toMillis());
    }

    /**
     * No-break space between a number and its unit, so that wrapping never leaves {@code s} alone on a line.
     * HTML and DOT write it as {@code &#160;}; the text renderer prints a plain space once lines are wrapped.
     */
    static final String NBSP = "\u00a0";

    static String millis(long ms) {
        if (ms < 1_000) {
            return ms + NBSP + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f", ms / 1000.0) + NBSP + "s";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 3600) {
            return (s / 60) + NBSP + "min" + NBSP + (s % 60) + NBSP + "s";
        }
        return (s / 3600) + NBSP + "h" + NBSP + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + NBSP + "min";
    }

    /** Microseconds in ASCII ({@code us}): the micro sign turns into {@code ?} on a terminal in the C locale. */
    static String micros(long us) {
        return us < 1_000 ? us + NBSP + "us" : millis(us / 1_000);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1 sample}, {@code 37 samples}. */
    static String count(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }

    // ---- findings

    /** Findings by severity, proven first; within one severity in report order. */
    static List<Finding> bySeverity(Report report) {
        List<Finding> fs = new ArrayList<>(report.findings());
        fs.sort(Comparator.comparing(f -> f.severity() == null ? Severity.CANDIDATE : f.severity()));
        return fs;
    }

    static Map<Severity, Integer> severityCounts(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            if (f.severity() != null) {
                counts.merge(f.severity(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** {@code 4 findings (1 proven, 2 likely, 1 candidate)}. */
    static String findingsSummary(List<Finding> findings) {
        List<String> parts = new ArrayList<>();
        severityCounts(findings).forEach((s, n) -> parts.add(n + " " + s.label()));
        return count(findings.size(), "finding", "findings") + (parts.isEmpty() ? "" : " (" + String.join(", ",
                parts) + ")");
    }

    /**
     * Evidence strongest first: the proof before what only points to it, so a capped list never hides it. The
     * order within one type is the report's.
     */
    static List<Evidence> strongestFirst(List<Evidence> evidence) {
        List<Evidence> es = new ArrayList<>(evidence);
        es.sort(Comparator.comparingInt(RenderSupport::strength));
        return es;
    }

    /** Evidence types strongest first, with their short names (singular, plural) for tallies. */
    private static final List<Class<? extends Evidence>> BY_STRENGTH = List.of(Evidence.Overlap.class,
            Evidence.Corruption.class, Evidence.ExceptionSeen.class, Evidence.SpinningThread.class,
            Evidence.SampleRun.class, Evidence.ThreadDumpSeen.class, Evidence.CoSampled.class, Evidence.ObservedWrite.class,
            Evidence.SharedLockSeen.class, Evidence.SiteSamples.class, Evidence.LockWaits.class,
            Evidence.Sharing.class);
    private static final Map<Class<? extends Evidence>, String[]> NOUNS = Map.ofEntries(
            Map.entry(Evidence.SharedLockSeen.class, new String[]{"shared lock", "shared locks"}),
            Map.entry(Evidence.Overlap.class, new String[]{"overlap", "overlaps"}),
            Map.entry(Evidence.Corruption.class, new String[]{"failed check", "failed checks"}),
            Map.entry(Evidence.ExceptionSeen.class, new String[]{"exception", "exceptions"}),
            Map.entry(Evidence.SampleRun.class, new String[]{"sample run", "sample runs"}),
            Map.entry(Evidence.SpinningThread.class, new String[]{"spinning thread", "spinning threads"}),
            Map.entry(Evidence.ThreadDumpSeen.class, new String[]{"thread dump", "thread dumps"}),
            Map.entry(Evidence.CoSampled.class, new String[]{"co-sampled pair", "co-sampled pairs"}),
            Map.entry(Evidence.ObservedWrite.class, new String[]{"write", "writes"}),
            Map.entry(Evidence.SiteSamples.class, new String[]{"site", "sites"}),
            Map.entry(Evidence.LockWaits.class, new String[]{"lock wait", "lock waits"}),
            Map.entry(Evidence.Sharing.class, new String[]{"sharing fact", "sharing facts"}));

    private static int strength(Evidence e) {
        return BY_STRENGTH.indexOf(e.getClass());
    }

    /** A short name of an evidence type, plural when {@code n != 1}: used in "... and 12 more (12 writes)". */
    static String evidenceNoun(Class<? extends Evidence> type, long n) {
        String[] nouns = NOUNS.getOrDefault(type, new String[]{"item", "items"});
        return count(n) + " " + (n == 1 ? nouns[0] : nouns[1]);
    }

    /** {@code 12 writes, 3 co-sampled pairs}: what a list of evidence holds, by type in order of strength. */
    static String evidenceTally(List<Evidence> evidence) {
        Map<Class<? extends Evidence>, Long> byType = new LinkedHashMap<>();
        for (Evidence e : strongestFirst(evidence)) {
            byType.merge(e.getClass(), 1L, Long::sum);
        }
        List<String> parts = new ArrayList<>();
        byType.forEach((t, n) -> parts.add(evidenceNoun(t, n)));
        return String.join(", ", parts);
    }

    // ---- the source

    /** {@code analysis of a JFR recording}, by {@link Source#kind()}. */
    static String sourceTitle(Source source) {
        String kind = source == null || source.kind() == null ? "" : source.kind();
        return switch (kind) {
            case "recording" -> "analysis of a JFR recording";
            case "scan" -> "scan of a live JVM";
            case "watch" -> "watch of a live JVM";
            case "stuck" -> "thread dumps of a live JVM";
            case "watch-jfr" -> "flight-recording watch of a live JVM";
            default -> kind.isEmpty() ? "report" : "report (" + visible(kind) + ")";
        };
    }

    static List<String> inputs(Source source) {
        return source == null || source.inputs() == null ? List.of()
                : source.inputs().stream().map(RenderSupport::visible).toList();
    }

    /** The stats as {@code 12,345 execution samples}, in the report's order. */
    static List<String> stats(Source source) {
        List<String> out = new ArrayList<>();
        if (source == null || source.stats() == null) {
            return out;
        }
        source.stats().forEach((k, v) -> out.add(stat(k, v)));
        return out;
    }

    /**
     * One stat: counts read "12,345 execution samples", other values "time watched: 0.42". The model does not
     * fix the stat names, so they are turned into words as they come ({@code executionSamples},
     * {@code execution-samples} and {@code execution_samples} all read "execution samples").
     */
    static String stat(String key, Object value) {
        String words = words(key);
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short;
        // Names ending in a unit read as "sampling period: 10 ms", "analysis: 1.2 s", "bytes: 340 KB".
        if (whole && (key.endsWith("Millis") || key.endsWith("Ms"))) {
            String name = words.replaceAll(" (millis|ms)$", "");
            return name + ": " + millis(((Number) value).longValue());
        }
        if (whole && key.equals("bytes")) {
            long b = ((Number) value).longValue();
            String size = b >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GB", b / (double) (1 << 30))
                    : b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / (double) (1 << 20))
                    : b >= 1 << 10 ? String.format(Locale.ROOT, "%d KB", b >> 10) : b + " bytes";
            return "size: " + size;
        }
        if (whole) {
            return count(((Number) value).longValue()) + " " + words;
        }
        if (value instanceof Number n) {
            return words + ": " + String.format(Locale.ROOT, "%.3g", n.doubleValue());
        }
        return words + ": " + visible(String.valueOf(value));
    }

    static String words(String key) {
        if (key == null) {
            return "";
        }
        String spaced = visible(key).replace('-', ' ').replace('_', ' ')
                .replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ");
        return spaced.toLowerCase(Locale.ROOT).trim();
    }

    /** A stat by name, ignoring case and separators; null when absent or not a whole number. */
    static Long statCount(Source source, String name) {
        if (source == null || source.stats() == null) {
            return null;
        }
        String want = normalize(name);
        for (Map.Entry<String, Object> e : source.stats().entrySet()) {
            if (normalize(e.getKey()).equals(want) && e.getValue() instanceof Number n
                    && !(n instanceof Double) && !(n instanceof Float)) {
                return n.longValue();
            }
        }
        return null;
    }

    private static String normalize(String key) {
        return key == null ? "" : key.replaceAll("[-_ ]", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The one line a report with no findings says: what was examined, from the stats a source commonly has,
     * falling back to the inputs when it has none of them.
     */
    static String noFindingsLine(Report report) {
        Source s = report.source();
        Long samples = statCount(s, "executionSamples");
        Long threads = statCount(s, "threads");
        Long maps = statCount(s, "maps");
        if (maps == null) {
            maps = statCount(s, "mapsChecked");
        }
        Long writes = statCount(s, "writes");
        if (writes == null) {
            writes = statCount(s, "writesObserved");
        }
        String what;
        if (samples != null) {
            what = count(samples, "execution sample", "execution samples")
                    + (threads != null ? " of " + count(threads, "thread", "threads") : "");
        } else if (writes != null) {
            what = count(writes, "observed write", "observed writes")
                    + (maps != null ? " to " + count(maps, "map", "maps") : "");
        } else if (maps != null) {
            what = count(maps, "map", "maps") + " checked";
        } else {
            List<String> in = inputs(s);
            what = in.isEmpty() ? null : String.join(", ", in);
        }
        return "No map races found" + (what == null ? "." : " in " + what + ".");
    }
}
