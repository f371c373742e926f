package io.maprace.probe.watch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How the watch's messages and stats write fractions, durations and lists of fields. */
final class Units {

    private Units() {
    }

    static String labels(List<WatchedField> fields) {
        List<String> names = fields.stream().map(WatchedField::label).limit(4).toList();
        return String.join(", ", names) + (fields.size() > 4 ? ", ..." : "");
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String percent(double fraction) {
        double p = fraction * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    static String seconds(Duration d) {
        return seconds(d.toNanos());
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
