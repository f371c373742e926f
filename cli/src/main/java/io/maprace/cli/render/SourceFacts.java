package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a report's source says for people: its title, its inputs, its span and the work done. This is the only
 * class of the renderers that reads {@link Source#stats()}, so a change to how stats are typed is one edit here.
 */
final class SourceFacts {

    private SourceFacts() {
    }

    /** {@code analysis of a JFR recording}, by {@link Source#kind()}. */
    static String title(Source source) {
        return switch (source.kind()) {
            case "recording" -> "analysis of a JFR recording";
            // a scan of a heap dump has the same report shape, and says what it read in its stats
            case "scan" -> source.stats().containsKey("dumpBytes") ? "scan of a heap dump" : "scan of a live JVM";
            case "watch" -> "watch of a live JVM";
            case "stuck" -> "thread dumps of a live JVM";
            case "watch-jfr" -> "flight-recording watch of a live JVM";
            default -> source.kind().isEmpty() ? "report" : "report (" + RenderSupport.visible(source.kind()) + ")";
        };
    }

    static List<String> inputs(Source source) {
        return source.inputs().stream().map(RenderSupport::visible).toList();
    }

    /** The header's time: {@code time} or {@code span} and its text, or null when the source has no time. */
    static String[] span(Source source) {
        String span = Times.headerSpan(source.start(), source.end());
        return span == null ? null
                : new String[]{Times.isInstant(source.start(), source.end()) ? "time" : "span", span};
    }

    /** The stats as {@code 12,345 execution samples}, in the report's order. */
    static List<String> stats(Source source) {
        List<String> out = new ArrayList<>();
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
            return name + ": " + Times.millis(((Number) value).longValue());
        }
        if (whole && key.equals("bytes")) {
            long b = ((Number) value).longValue();
            String size = b >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GB", b / (double) (1 << 30))
                    : b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / (double) (1 << 20))
                    : b >= 1 << 10 ? String.format(Locale.ROOT, "%d KB", b >> 10) : b + " bytes";
            return "size: " + size;
        }
        if (whole) {
            return RenderSupport.count(((Number) value).longValue()) + " " + words;
        }
        if (value instanceof Number n) {
            return words + ": " + String.format(Locale.ROOT, "%.3g", n.doubleValue());
        }
        return words + ": " + RenderSupport.visible(String.valueOf(value));
    }

    private static String words(String key) {
        String spaced = RenderSupport.visible(key).replace('-', ' ').replace('_', ' ')
                .replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ");
        return spaced.toLowerCase(Locale.ROOT).trim();
    }

    /** A stat by name, ignoring case and separators; null when absent or not a whole number. */
    private static Long count(Source source, String name) {
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
        return key.replaceAll("[-_ ]", "").toLowerCase(Locale.ROOT);
    }

    /** {@code ; watched 42% of 60.0 s} for a watch that says how much of its time it watched, else empty. */
    static String watched(Source source) {
        Object watched = source.stats().get("watchedFraction");
        Object millis = source.stats().get("durationMillis");
        return watched instanceof Number w && millis instanceof Number ms ? String.format(Locale.ROOT,
                "; watched %.0f%% of %.1f s", w.doubleValue() * 100, ms.doubleValue() / 1000) : "";
    }

    /**
     * The one line a report with no findings says: what was examined, from the stats a source commonly has,
     * falling back to the inputs when it has none of them.
     */
    static String noFindingsLine(Report report) {
        Source s = report.source();
        Long samples = count(s, "executionSamples");
        Long threads = count(s, "threads");
        Long maps = count(s, "maps");
        if (maps == null) {
            maps = count(s, "mapsChecked");
        }
        Long writes = count(s, "writes");
        if (writes == null) {
            writes = count(s, "writesObserved");
        }
        String what;
        if (samples != null) {
            what = RenderSupport.count(samples, "execution sample", "execution samples")
                    + (threads != null ? " of " + RenderSupport.count(threads, "thread", "threads") : "");
        } else if (writes != null) {
            what = RenderSupport.count(writes, "observed write", "observed writes")
                    + (maps != null ? " to " + RenderSupport.count(maps, "map", "maps") : "");
        } else if (maps != null) {
            what = RenderSupport.count(maps, "map", "maps") + " checked";
        } else {
            List<String> in = inputs(s);
            what = in.isEmpty() ? null : String.join(", ", in);
        }
        return "No map races found" + (what == null ? "." : " in " + what + ".");
    }
}
