/**
 * maprace's own reader of the JFR chunk format, for {@code analyze}: it decodes only the events the rules read.
 *
 * <p>{@link io.maprace.jfr.chunk.ChunkDecoder} reads one chunk: its metadata (the types and their fields,
 * {@code ChunkMetadata}, reused across chunks by {@link io.maprace.jfr.chunk.MetadataCache}), an index of its
 * constant pools ({@code ConstantPools}: threads, classes, methods, stack traces and strings, decoded once on first
 * use), then every record by its size, turning the wanted events into maprace's events
 * ({@link io.maprace.jfr.chunk.DecodedChunk}). The JDK's {@code jdk.jfr.consumer} parser stays the reference:
 * the tests require the same reports from both.
 */
package io.maprace.jfr.chunk;
