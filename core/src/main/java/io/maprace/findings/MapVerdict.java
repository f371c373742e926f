package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;

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
                + String.format(Locale.ROOT, "%,d", writes) + (writes == 1 ? " write" : " writes")
                + " by " + threads + (threads == 1 ? " thread" : " threads") + ": "
                + (safe() ? "safe" : severity.label()) + ", " + reason;
    }

    @Override
    public String toString() {
        return line();
    }
}
