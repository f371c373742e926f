package io.maprace.corpus;

import io.maprace.samples.SampleProgram;

import java.util.List;

/**
 * A driver of one real library release: a {@link SampleProgram} (the samples' command line and output protocol)
 * whose workers call the library's public API, plus a post-mortem check of the library's own maps.
 */
public interface CorpusDriver extends SampleProgram {

    /** The library's maps this driver exercises, checked after the workers stopped. */
    List<MapDamage.Result> check();

    /** Symptoms the library's callers saw, as {@code key=value} pairs (e.g. spurious exceptions); may be empty. */
    default String symptoms() {
        return "";
    }
}
