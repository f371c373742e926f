package io.maprace.cli.render;

import io.maprace.findings.Numbers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times, spans and durations as every renderer for people writes them. */
final class Times {

    /** Times are shown in UTC, said once in each header: the machine reading a report is rarely the target. */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * No-break space between a number and its unit, so that wrapping never leaves {@code s} alone on a line.
     * HTML and DOT write it as {@code &#160;}; the text renderer prints a plain space once lines are wrapped.
     */
    static final String NBSP = "\u00a0";

    private Times() {
    }

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

    /** A header's span: full date and time, the zone named, and the length; null when no time is known. */
    static String headerSpan(Instant from, Instant to) {
        if (from == null && to == null) {
            return null;
        }
        if (isInstant(from, to)) {
            return dateTime(from == null ? to : from) + " UTC";
        }
        String end = sameDay(from, to) ? time(to) : dateTime(to);
        return dateTime(from) + " to " + end + " UTC (" + duration(Duration.between(from, to)) + ")";
    }

    /** Whether a header shows one time rather than a span. */
    static boolean isInstant(Instant from, Instant to) {
        return from == null || to == null || from.equals(to);
    }

    private static boolean sameDay(Instant a, Instant b) {
        return LocalDate.ofInstant(a, ZoneOffset.UTC).equals(LocalDate.ofInstant(b, ZoneOffset.UTC));
    }

    /** The length of a span, or null when one end is unknown. */
    static String duration(Instant from, Instant to) {
        return from == null || to == null ? null : duration(Duration.between(from, to));
    }

    static String duration(Duration d) {
        return millis(d.toMillis());
    }

    static String millis(long ms) {
        if (ms < 1_000) {
            return ms + NBSP + "ms";
        }
        if (ms < 60_000) {
            return Numbers.fixed(ms / 1000.0, 2) + NBSP + "s";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 3600) {
            return (s / 60) + NBSP + "min" + NBSP + (s % 60) + NBSP + "s";
        }
        return (s / 3600) + NBSP + "h" + NBSP + Numbers.zeroPadded((s % 3600) / 60, 2) + NBSP + "min";
    }

    /** Microseconds in ASCII ({@code us}): the micro sign turns into {@code ?} on a terminal in the C locale. */
    static String micros(long us) {
        return us < 1_000 ? us + NBSP + "us" : millis(us / 1_000);
    }
}
