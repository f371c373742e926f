package io.maprace.probe.fix;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the time of a hold went, phase by phase: what the pause reported to the user is made of. Marks only take
 * the time; the text is made afterwards (the first {@code String.format} of a run costs milliseconds, which would
 * fall into the hold).
 */
final class Phases {

    private final List<String> names = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    private final long start;

    Phases(long startNanos) {
        this.start = startNanos;
    }

    void mark(String phase) {
        ends.add(System.nanoTime());
        names.add(phase);
    }

    /** Ends a phase at a time taken elsewhere (the moment the held threads were resumed). */
    void mark(String phase, long endNanos) {
        ends.add(endNanos);
        names.add(phase);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        long last = start;
        for (int i = 0; i < names.size(); i++) {
            parts.add(String.format("%s %.0f ms", names.get(i), (ends.get(i) - last) / 1e6));
            last = ends.get(i);
        }
        return String.join(", ", parts);
    }
}
