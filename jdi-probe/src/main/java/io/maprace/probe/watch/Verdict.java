package io.maprace.probe.watch;

import io.maprace.findings.Severity;

/**
 * What the watch concluded about one map instance.
 *
 * @param severity {@code proven}, {@code likely}, or null when the writes seen were safe
 * @param reason one line: why ({@code one writer thread}, {@code every write held monitor Foo@12})
 */
public record Verdict(Severity severity, String reason) {

    public boolean unsafe() {
        return severity != null;
    }
}
