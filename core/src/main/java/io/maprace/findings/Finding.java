package io.maprace.findings;

import io.maprace.events.ThreadRef;

import java.util.List;
import java.util.Objects;

/**
 * One thing maprace found. Every finding has the same fields; what differs by kind is carried by the typed
 * {@link Evidence}.
 *
 * @param id stable within one report ({@code F1}, {@code F2}, ...), used by graph edges
 * @param title one line: what was found
 * @param sites application frames that wrote the map, {@code pkg.Class.method(File.java:line)}
 * @param explanation why this matters, in a few sentences
 * @param advice what to change
 */
public record Finding(String id, FindingKind kind, Severity severity, String title, MapRef map, List<String> sites,
                      List<ThreadRef> threads, List<Evidence> evidence, String explanation, String advice) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        sites = List.copyOf(sites);
        threads = List.copyOf(threads);
        evidence = List.copyOf(evidence);
    }
}
