package io.maprace.jfr;

/** Which parser reads recording files for {@code analyze}. The reports are the same; the speed is not. */
public enum ReaderKind {
    /** maprace's own reader of the chunk format: decodes only the events the rules read, chunks in parallel. */
    LEAN,
    /** The JDK's {@code jdk.jfr.consumer} parser: the reference the lean reader is tested against. */
    JDK
}
