package io.maprace.cli.render;

import io.maprace.findings.Numbers;
import io.maprace.findings.Report;
import io.maprace.findings.CombinedWatchStats;
import io.maprace.findings.DumpScanStats;
import io.maprace.findings.JfrWatchStats;
import io.maprace.findings.StuckStats;
import io.maprace.findings.RecordingStats;
import io.maprace.findings.ScanStats;
import io.maprace.findings.Source;
import io.maprace.findings.SourceStats;
import io.maprace.findings.WatchStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a report's source says for people: its title, its inputs, its span and the work done. This is the only
 * class of the renderers that reads {@link Source#stats()}: the counters every source has are listed by their
 * names, and what only some sources count is read from their typed record, one case per kind of source.
 */
final class SourceFacts {

    private SourceFacts() {
    }

    /** {@code analysis of a JFR recording}, by {@link Source#kind()}. */
    static String title(Source source) {
        return switch (source.kind()) {
            case "recording" -> "analysis of a JFR recording";
            // a scan of a heap dump has the same report shape, and says what it read in its stats
            case "scan" -> source.stats() instanceof DumpScanStats ? "scan of a heap dump" : "scan of a live JVM";
            case "watch" -> "watch of a live JVM";
            case "stuck" -> "thread dumps of a live JVM";
            case "watch-jfr" -> "flight-recording watch of a live JVM";
            case "watch-both" -> "watch of a live JVM: flight recording (sampled) and breakpoints (proven)";
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
        if (source.stats() instanceof CombinedWatchStats c) {
            named(c.sampled().named(), "sampled: ", out);
            named(c.proven().named(), "proven: ", out);
            if (!c.steered().isEmpty()) {
                out.add(stat("steered", c.steered()));
            }
        } else {
            named(source.stats().named(), "", out);
        }
        return out;
    }

    private static void named(Map<String, Object> stats, String prefix, List<String> out) {
        stats.forEach((k, v) -> {
            if (v != null) { // unknown, as a remote target's safepoint times
                out.add(prefix + stat(k, v));
            }
        });
    }

    /**
     * Whether the report joins a flight recording's samples with breakpoints' observations: then every piece of
     * evidence says which it is ({@code [sampled]}, {@code [proven]}).
     */
    static boolean joinsSources(Report report) {
        return report.source().stats() instanceof CombinedWatchStats;
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
            String size = b >= 1 << 30 ? Numbers.fixed(b / (double) (1 << 30), 1) + " GB"
                    : b >= 1 << 20 ? Numbers.fixed(b / (double) (1 << 20), 1) + " MB"
                    : b >= 1 << 10 ? (b >> 10) + " KB" : b + " bytes";
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

    /** {@code ; watched 42% of 60.0 s} for a watch that says how much of its time it watched, else empty. */
    static String watched(Source source) {
        SourceStats stats = source.stats() instanceof CombinedWatchStats c ? c.proven() : source.stats();
        return stats instanceof WatchStats w ? String.format(Locale.ROOT, "; watched %.0f%% of %.1f s",
                w.watchedFraction() * 100, w.durationMillis() / 1000.0) : "";
    }

    /**
     * The one line a report with no findings says: what was examined, from the stats a source commonly has,
     * falling back to the inputs when it has none of them.
     */
    static String noFindingsLine(Report report) {
        String what = report.source().stats().accept(new SourceStats.Visitor<>() {
            @Override
            public String recording(RecordingStats r) {
                return RenderSupport.count(r.executionSamples(), "execution sample", "execution samples") + " of "
                        + RenderSupport.count(r.sampledThreads(), "thread", "threads");
            }

            @Override
            public String scan(ScanStats s) {
                return RenderSupport.count(s.mapsChecked(), "map", "maps") + " checked";
            }

            @Override
            public String dumpScan(DumpScanStats s) {
                return RenderSupport.count(s.mapsChecked(), "map", "maps") + " checked";
            }

            @Override
            public String watch(WatchStats w) {
                return RenderSupport.count(w.writes(), "observed write", "observed writes") + " to "
                        + RenderSupport.count(w.maps(), "map", "maps");
            }

            @Override
            public String stuck(StuckStats s) {
                return RenderSupport.count(s.dumps(), "thread dump", "thread dumps");
            }

            @Override
            public String jfrWatch(JfrWatchStats j) {
                return RenderSupport.count(j.executionSamples(), "execution sample", "execution samples") + " of "
                        + RenderSupport.count(j.sampledThreads(), "thread", "threads") + " streamed from "
                        + j.recording();
            }

            @Override
            public String combinedWatch(CombinedWatchStats c) {
                return jfrWatch(c.sampled()) + ", and " + watch(c.proven());
            }
        });
        return "No map races found in " + what + ".";
    }
}
