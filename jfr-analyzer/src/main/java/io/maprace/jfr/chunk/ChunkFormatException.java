package io.maprace.jfr.chunk;

import java.io.IOException;

/** The bytes of a chunk do not follow the JFR format: a value runs past its bounds or names what is not there. */
public final class ChunkFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChunkFormatException(String message) {
        super(message);
    }
}
