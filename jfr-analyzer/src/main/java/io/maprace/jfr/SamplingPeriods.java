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

    /** JFR writes periods as "10 ms", "20 ms", "1 s"; other values ("everyChunk", "off") are not periods. */
    static Duration parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (parts.length != 2) {
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
