package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonValue;

/** How strongly the evidence supports a finding. The meanings are fixed; rules never soften them. */
public enum Severity {
    /** Observed directly: two threads inside writes of one map at once, or a map's structure broken. */
    PROVEN,
    /** Strong indirect evidence: unprotected writes from several threads, threads stuck in map internals. */
    LIKELY,
    /** A lead worth checking: the evidence fits a race but also fits innocent explanations. */
    CANDIDATE;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
