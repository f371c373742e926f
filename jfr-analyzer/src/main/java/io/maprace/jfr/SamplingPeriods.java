package io.maprace.jfr;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Learns the execution-sample period from a recording's {@code jdk.ActiveSetting} events, which name event
 * types by id: the ids come from the chunk's metadata.
 */
final class SamplingPeriods {

    private final Map<Long, String> typeNames = new HashMap<>();
    private Duration period;

    void eventType(long id, String name) {
        typeNames.put(id, name);
    }

    void setting(long typeId, String name, String value) {
        if (!"period".equals(name) || !"jdk.ExecutionSample".equals(typeNames.get(typeId))) {
            return;
        }
        Duration d = parse(value);
        if (d != null && (period == null || d.compareTo(period) < 0)) {
            period = d;
        }
    }

    Duration period() {
        return period;
    }

    /**
     * The two words of {@code v} split at its one run of whitespace (as {@code \\s+} has it), or null: a
     * recording has a setting event per chunk, and a regular expression compiled for each cost the C1 compiler
     * the regex engine's methods.
     */
    private static String[] twoWords(String v) {
        int start = 0;
        while (start < v.length() && !space(v.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < v.length() && space(v.charAt(end))) {
            end++;
        }
        if (start == 0 || end == v.length()) {
            return null;
        }
        for (int i = end; i < v.length(); i++) {
            if (space(v.charAt(i))) {
                return null;
            }
        }
        return new String[] {v.substring(0, start), v.substring(end)};
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** JFR writes periods as "10 ms", "20 ms", "1 s"; other values ("everyChunk", "off") are not periods. */
    static Duration parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = twoWords(value.trim().toLowerCase(Locale.ROOT));
        if (parts == null) {
            return null;
        }
        try {
            long n = Long.parseLong(parts[0]);
            return switch (parts[1]) {
                case "ns" -> Duration.ofNanos(n);
                case "us" -> Duration.ofNanos(n * 1000);
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
