package io.maprace.jfr;

import io.maprace.findings.Warning;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A recording checked and ready to parse. */
public record OpenedRecording(Path parsePath, long size, int chunks, Instant start, Instant end,
                              List<Warning> warnings) implements AutoCloseable {
    @Override
    public void close() {
    }
}
