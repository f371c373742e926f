package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a watch concluded about one watched map (grouped as findings are), safe maps included: the measured
 * statement behind the report's {@code source.stats.mapVerdicts}.
 *
 * @param map the path, or {@code Owner#field} for maps watched by field
 * @param type the runtime class without its package
 * @param instances instances watched under this name
 * @param writes writes seen
 * @param threads threads seen writing
 * @param severity {@code proven} or {@code likely}; null for a map found safe
 * @param reason why, in one line ({@code every write held monitor com.foo.Registry@41})
 */
public record MapVerdict(String map, String type, int instances, long writes, int threads, Severity severity,
                         String reason) {

    public MapVerdict {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
    }

    /** What {@link #line()} writes, read back: the path, type, counts, verdict and reason. */
    private static final Pattern LINE = Pattern.compile(
            "(.*) \\(([^()]*?)(?:, (\\d+) instances)?\\): ([\\d,]+) writes? by (\\d+) threads?: (\\w+), (.*)",
            Pattern.DOTALL);

    /** A verdict from its line, as a report's JSON holds it. */
    @JsonCreator
    public static MapVerdict parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a map verdict: " + line);
        }
        Severity severity = m.group(6).equals("safe") ? null
                : Severity.valueOf(m.group(6).toUpperCase(Locale.ROOT));
        return new MapVerdict(m.group(1), m.group(2), m.group(3) == null ? 1 : Integer.parseInt(m.group(3)),
                Long.parseLong(m.group(4).replace(",", "")), Integer.parseInt(m.group(5)), severity, m.group(7));
    }

    public boolean safe() {
        return severity == null;
    }

    /**
     * The one line the report shows and the JSON holds: {@code com.foo.Registry.INSTANCE.entries (HashMap):
     * 1,234 writes by 3 threads: safe, every write held monitor com.foo.Registry@41}.
     */
    @JsonValue
    public String line() {
        return map + " (" + type + (instances > 1 ? ", " + instances + " instances" : "") + "): "
                + Numbers.grouped(writes) + (writes == 1 ? " write" : " writes")
                + " by " + threads + (threads == 1 ? " thread" : " threads") + ": "
                + (safe() ? "safe" : severity.label()) + ", " + reason;
    }

    @Override
    public String toString() {
        return line();
    }
}
