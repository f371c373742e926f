package io.maprace.samples;

import java.util.Map;

/**
 * One sample program. {@link SampleMain} parses the options, calls {@link #start}, waits until every worker is
 * running, prints {@code ready}, then a {@code progress} line per second with {@link #facts()}, and {@code done}.
 */
public interface SampleProgram {

    /** The catalog name, printed in the {@code ready} line (e.g. {@code factory-cache}). */
    String name();

    /** Options of this sample beyond the common ones: name without dashes to default value, in usage order. */
    default Map<String, Long> extraOptions() {
        return Map.of();
    }

    /**
     * Builds the sample's state and starts its threads through {@code workers}. Returns once they are started;
     * {@link SampleMain} then waits until each of them has done its first operation.
     *
     * @throws SampleSetupException when the sample cannot run in this JVM (e.g. a missing {@code --add-opens})
     */
    void start(SampleOptions options, Workers workers) throws SampleSetupException;

    /**
     * Sample-specific facts for the progress and done lines, as space-separated {@code key=value} pairs
     * (e.g. {@code size=512 overBound=true}); empty when there is nothing to add. Called from the reporting thread
     * while workers run, so it must only read (racy reads of a size are fine: it is a symptom being shown).
     */
    default String facts() {
        return "";
    }
}
