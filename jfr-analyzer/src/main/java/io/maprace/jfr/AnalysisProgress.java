package io.maprace.jfr;

import java.time.Instant;

/** Where a long analysis is, for a progress display. Called from the parsing thread. */
public interface AnalysisProgress {

    AnalysisProgress NONE = new AnalysisProgress() {
    };

    /** A recording spanning {@code from}..{@code to} starts; either may be null when unknown. */
    default void recording(String name, Instant from, Instant to) {
    }

    /** Events up to this time have been read. */
    default void at(Instant time) {
    }

    default void done() {
    }
}
