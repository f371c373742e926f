package io.maprace.probe.fix;

import java.util.ArrayList;
import java.util.List;

/** Where the time of a hold went, phase by phase: what the pause reported to the user is made of. */
final class Phases {

    private final List<String> parts = new ArrayList<>();
    private long last;

    Phases(long startNanos) {
        this.last = startNanos;
    }

    void mark(String phase) {
        long now = System.nanoTime();
        parts.add(String.format("%s %.0f ms", phase, (now - last) / 1e6));
        last = now;
    }

    @Override
    public String toString() {
        return String.join(", ", parts);
    }
}
