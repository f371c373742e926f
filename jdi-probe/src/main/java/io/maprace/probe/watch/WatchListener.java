package io.maprace.probe.watch;

/** Progress of a watch, for the user watching it: the command prints these to standard error. */
public interface WatchListener {

    WatchListener NONE = new WatchListener() {
    };

    /** The watch is set up and running. */
    default void watching(String what) {
    }

    /** A race was proven. */
    default void proven(String what) {
    }

    /** Anything else worth a line (sampling started, a map dropped as thread-safe). */
    default void note(String what) {
    }
}
