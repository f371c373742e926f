package io.maprace.cli.render;

import io.maprace.findings.Timeline;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.maprace.cli.render.RenderSupport.count;

/**
 * The text report's "Timeline" section: what each lane of the report's timeline holds, one line per thread,
 * with the findings its marks belong to (the HTML report draws the lanes over time).
 */
final class TextTimeline {

    private TextTimeline() {
    }

    static void draw(Timeline t, TextOut o) throws IOException {
        o.nl();
        o.heading("Timeline");
        o.text("  " + count(t.lanes().size(), "thread", "threads") + " over " + Times.span(t.start(), t.end())
                + " (drawn in the HTML report)").nl();
        for (Timeline.Lane lane : t.lanes()) {
            Map<Timeline.Kind, Integer> counts = new EnumMap<>(Timeline.Kind.class);
            Set<String> findings = new TreeSet<>();
            for (Timeline.Mark m : lane.marks()) {
                counts.merge(m.kind(), m.kind() == Timeline.Kind.MAP_SAMPLES ? m.count() : 1, Integer::sum);
                if (m.finding() != null) {
                    findings.add(m.finding());
                }
            }
            List<String> parts = counts.entrySet().stream().map(e -> what(e.getKey(), e.getValue())).toList();
            o.wrapped("  " + RenderSupport.thread(lane.thread()) + ": ", "      ", String.join(", ", parts)
                    + (findings.isEmpty() ? "" : " [" + String.join(", ", findings) + "]"));
        }
    }

    private static String what(Timeline.Kind kind, int n) {
        return switch (kind) {
            case MAP_SAMPLES -> count(n, "sample", "samples") + " in map code";
            case STUCK_RUN -> count(n, "stuck run", "stuck runs");
            case CO_SAMPLED -> count(n, "co-sampled moment", "co-sampled moments");
            case LOCK_WAIT -> count(n, "lock wait", "lock waits");
            case EXCEPTION -> count(n, "exception", "exceptions");
        };
    }
}
