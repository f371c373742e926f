/**
 * Opening JFR files robustly: validation, chunk listing, repair of cut or unfinished chunks,
 * and time budgets for parses that may never end on damaged input.
 *
 * <p>The entry point is {@link io.maprace.jfr.input.RecordingOpener}. It lists the chunks of a
 * file from their headers ({@link io.maprace.jfr.input.ChunkIndex}), and when the last chunk is cut
 * or was never finished it writes a repaired copy that the JDK's own parser reads
 * ({@link io.maprace.jfr.input.TruncatedChunkRepair}). Every problem found is reported as an
 * {@link io.maprace.jfr.input.InputProblem}; problems that stop the analysis are thrown as a
 * {@link io.maprace.jfr.input.RecordingInputException}.
 */
package io.maprace.jfr.input;
