package io.maprace.cli.render;

import io.maprace.findings.Numbers;
import io.maprace.findings.Timeline;

import java.time.Duration;
import java.time.Instant;

import static io.maprace.cli.render.Html.esc;

/**
 * A report's {@link Timeline} as inline SVG: one lane per thread over the recording's span, map-code samples as
 * bars coloured by site (darker for more samples), stuck runs and lock waits as strips under them, co-sampled
 * moments as dots and exceptions as crosses. A mark that belongs to a finding is a link to its card.
 */
final class SvgTimeline {

    /** Site colours, by site index modulo their number; the legend names them. */
    static final int COLOURS = 8;
    private static final int WIDTH = 1100;
    private static final int LABEL = 190;
    private static final int LANE = 26;
    private static final int TOP = 26;

    private final Timeline timeline;
    private final long spanMillis;
    private final int maxSamples;

    SvgTimeline(Timeline timeline) {
        this.timeline = timeline;
        this.spanMillis = Math.max(1, Duration.between(timeline.start(), timeline.end()).toMillis());
        this.maxSamples = timeline.lanes().stream().flatMap(l -> l.marks().stream())
                .filter(m -> m.kind() == Timeline.Kind.MAP_SAMPLES).mapToInt(Timeline.Mark::count).max().orElse(1);
    }

    String draw() {
        int height = TOP + timeline.lanes().size() * LANE + 6;
        StringBuilder svg = new StringBuilder(8_192);
        svg.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"timeline of ").append(timeline.lanes().size())
                .append(" threads\">\n");
        axis(svg, height);
        int y = TOP;
        for (Timeline.Lane lane : timeline.lanes()) {
            lane(lane, y, svg);
            y += LANE;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void axis(StringBuilder svg, int height) {
        for (int i = 0; i <= 4; i++) {
            double x = LABEL + (WIDTH - LABEL - 10) * i / 4.0;
            Instant t = timeline.start().plusMillis(spanMillis * i / 4);
            svg.append("<line class=\"tl-tick\" x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 6)
                    .append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(height - 4).append("\"/>")
                    .append("<text class=\"tl-time\" x=\"").append(fmt(x)).append("\" y=\"").append(TOP - 10)
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\">")
                    .append(esc(Times.time(t))).append("</text>\n");
        }
    }

    private void lane(Timeline.Lane lane, int y, StringBuilder svg) {
        String name = lane.thread().name() == null ? "#" + lane.thread().id() : lane.thread().name();
        svg.append("<g class=\"tl-lane\" data-thread=\"").append(lane.thread().id()).append("\">")
                .append("<title>").append(esc(name)).append("</title>")
                .append("<rect class=\"tl-track\" x=\"").append(LABEL).append("\" y=\"").append(y + 2)
                .append("\" width=\"").append(WIDTH - LABEL - 10).append("\" height=\"").append(LANE - 4)
                .append("\"/><text class=\"tl-label\" x=\"").append(LABEL - 8).append("\" y=\"").append(y + LANE / 2 + 4)
                .append("\" text-anchor=\"end\">").append(esc(shorten(name))).append("</text>\n");
        for (Timeline.Mark m : lane.marks()) {
            mark(m, y, svg);
        }
        svg.append("</g>\n");
    }

    private void mark(Timeline.Mark m, int y, StringBuilder svg) {
        double x1 = x(m.from());
        double x2 = Math.max(x(m.to()), x1 + 1.5);
        String title = title(m);
        if (m.finding() != null) {
            svg.append("<a href=\"#finding-").append(esc(m.finding())).append("\" data-finding=\"")
                    .append(esc(m.finding())).append("\">");
        }
        String cls = "tl-mark tl-" + m.kind().label();
        switch (m.kind()) {
            case MAP_SAMPLES -> svg.append("<rect class=\"").append(cls).append(" site-")
                    .append(Math.max(0, m.site()) % COLOURS).append("\" x=\"").append(fmt(x1)).append("\" y=\"")
                    .append(y + 4).append("\" width=\"").append(fmt(x2 - x1)).append("\" height=\"").append(LANE - 12)
                    .append("\" fill-opacity=\"").append(fmt(0.35 + 0.65 * m.count() / maxSamples)).append("\">");
            case STUCK_RUN -> svg.append("<rect class=\"").append(cls).append("\" x=\"").append(fmt(x1))
                    .append("\" y=\"").append(y + LANE - 8).append("\" width=\"").append(fmt(x2 - x1))
                    .append("\" height=\"4\">");
            case LOCK_WAIT -> svg.append("<rect class=\"").append(cls).append("\" x=\"").append(fmt(x1))
                    .append("\" y=\"").append(y + 2).append("\" width=\"").append(fmt(x2 - x1))
                    .append("\" height=\"3\">");
            case CO_SAMPLED -> svg.append("<circle class=\"").append(cls).append("\" cx=\"").append(fmt(x1))
                    .append("\" cy=\"").append(y + LANE / 2).append("\" r=\"3\">");
            case EXCEPTION -> svg.append("<path class=\"").append(cls).append("\" d=\"M").append(fmt(x1 - 4))
                    .append(' ').append(y + LANE / 2 - 4).append("l8 8m0 -8l-8 8\">");
            default -> throw new IllegalStateException(m.kind().toString());
        }
        svg.append("<title>").append(esc(title)).append("</title>");
        svg.append(switch (m.kind()) {
            case CO_SAMPLED -> "</circle>";
            case EXCEPTION -> "</path>";
            default -> "</rect>";
        });
        svg.append(m.finding() != null ? "</a>\n" : "\n");
    }

    private String title(Timeline.Mark m) {
        String site = m.site() >= 0 && m.site() < timeline.sites().size() ? timeline.sites().get(m.site()) : null;
        String what = switch (m.kind()) {
            case MAP_SAMPLES -> RenderSupport.count(m.count(), "sample", "samples") + " in map code";
            case STUCK_RUN -> "stuck in map internals, " + RenderSupport.count(m.count(), "sample", "samples");
            case CO_SAMPLED -> "sampled writing beside another thread";
            case LOCK_WAIT -> "waited for " + (m.detail() == null ? "a lock" : m.detail());
            case EXCEPTION -> "threw " + m.detail();
        };
        return Times.span(m.from(), m.to()) + ": " + what + (site == null ? "" : " at " + site)
                + (m.finding() == null ? "" : " (" + m.finding() + ")");
    }

    private double x(Instant t) {
        long ms = Duration.between(timeline.start(), t).toMillis();
        return LABEL + (WIDTH - LABEL - 10) * Math.min(1.0, Math.max(0.0, ms / (double) spanMillis));
    }

    private static String shorten(String s) {
        return s.length() <= 26 ? s : s.substring(0, 25) + "\u2026";
    }

    private static String fmt(double d) {
        return Numbers.fixed(d, 1);
    }
}
