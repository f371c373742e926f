package io.maprace.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Advice;
import io.maprace.findings.RecordingStats;
import io.maprace.findings.Report;
import io.maprace.findings.Source;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.rules.Analysis;
import io.maprace.rules.AnalysisSettings;
import io.maprace.jfr.input.ChunkInfo;
import io.maprace.jfr.input.OpenedRecording;
import io.maprace.jfr.input.RecordingInputException;
import io.maprace.jfr.input.RecordingLayout;
import io.maprace.jfr.input.RecordingOpener;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code maprace analyze}: one streaming pass over one or more recordings, then the findings as a report.
 */
public final class RecordingAnalyzer {

    private final AnalysisSettings settings;
    private final Duration timeBudget;
    private final AnalysisProgress progress;
    private final String tool;
    private final boolean threaded;
    private final ReaderKind reader;
    private final int decoders;

    /**
     * @param timeBudget how long parsing may take before the recording is declared unreadable (a corrupted file
     *                   can make the JDK's parser loop); null derives one from the files' sizes
     * @see #RecordingAnalyzer(AnalysisSettings, Duration, AnalysisProgress, String, ReaderKind)
     */
    public RecordingAnalyzer(AnalysisSettings settings, Duration timeBudget, AnalysisProgress progress, String tool) {
        this(settings, timeBudget, progress, tool, ReaderKind.LEAN);
    }

    /**
     * @param reader which parser reads the files; the report is the same with either
     */
    public RecordingAnalyzer(AnalysisSettings settings, Duration timeBudget, AnalysisProgress progress, String tool,
                             ReaderKind reader) {
        // The JDK's parser reads on one thread: the rules get one of their own when there is a second processor.
        // The lean reader decodes chunks ahead on the other processors and the rules run on the reading thread: on
        // 2 cores that took 1.36 s for the 500 MB bench recording, against 1.84 s with the rules on a thread of
        // their own and the reading thread decoding (bench/results-analyze.md).
        this(settings, timeBudget, progress, tool,
                reader == ReaderKind.JDK && Runtime.getRuntime().availableProcessors() > 1, reader);
    }

    /**
     * @param threaded whether the rules run on a thread of their own while the parser reads on; the report is
     *                 the same either way
     */
    RecordingAnalyzer(AnalysisSettings settings, Duration timeBudget, AnalysisProgress progress, String tool,
                      boolean threaded, ReaderKind reader) {
        this(settings, timeBudget, progress, tool, threaded, reader, defaultDecoders(threaded));
    }

    /**
     * @param decoders threads the lean reader decodes chunks on, 0 for the reading thread; the report is the same
     *                 with any number
     */
    RecordingAnalyzer(AnalysisSettings settings, Duration timeBudget, AnalysisProgress progress, String tool,
                      boolean threaded, ReaderKind reader, int decoders) {
        this.decoders = decoders;
        this.settings = settings;
        this.timeBudget = timeBudget;
        this.progress = progress;
        this.tool = tool;
        this.threaded = threaded;
        this.reader = reader;
    }

    public Report analyze(List<Path> files) {
        long started = System.nanoTime();
        Analysis analysis = new Analysis(settings);
        List<Warning> warnings = new ArrayList<>();
        long events = 0;
        long bytes = 0;
        int chunks = 0;
        RecordingOpener opener = new RecordingOpener();
        for (Path file : files) {
            try (OpenedRecording rec = opener.open(file)) {
                rec.problems().stream().map(InputProblems::warning).forEach(warnings::add);
                RecordingLayout layout = rec.layout();
                bytes += layout.fileSize();
                chunks += layout.chunks().size();
                progress.recording(file.toString(), start(layout), end(layout));
                events += feed(file, rec, analysis, warnings);
                analysis.segmentEnd();
            } catch (RecordingInputException e) {
                throw InputProblems.error(e);
            }
        }
        progress.done();
        Analysis.Result result = analysis.finish();
        if (analysis.samples() == 0) {
            warnings.add(new Warning(WarningCode.NO_EXECUTION_SAMPLES, "the recording has no execution samples "
                    + "(jdk.ExecutionSample), so stuck threads and concurrent writers cannot be seen — record with "
                    + Advice.RECORDING_FLAG + " (or " + Advice.RECORDING_COMMAND + "); lock "
                    + "contention and thread dumps were still analyzed"));
        }
        RecordingStats stats = RecordingStats.of(files.size(), bytes, chunks, events, result.counts(),
                (System.nanoTime() - started) / 1_000_000);
        Source source = new Source("recording", files.stream().map(Path::toString).toList(), result.first(),
                result.last(), stats);
        return new Report(Report.SCHEMA, tool, source, result.findings(), result.graph(), warnings,
                result.timeline());
    }

    private long feed(Path file, OpenedRecording rec, Analysis analysis, List<Warning> warnings)
            throws RecordingInputException {
        Duration budget = timeBudget != null ? timeBudget : defaultBudget(rec.layout().fileSize());
        AnalysisPipe pipe = threaded ? AnalysisPipe.threaded(analysis) : AnalysisPipe.inline(analysis);
        ReadOutcome read = reader == ReaderKind.JDK ? JdkFileReader.read(rec, pipe, progress, budget)
                : LeanFileReader.read(rec, pipe, progress, budget, decoders);
        if (!read.finished()) {
            Instant at = read.lastEventTime();
            String where = at == null ? "before any event" : "after " + read.events() + " events (up to " + at + ")";
            if (read.events() == 0) {
                throw new MapraceException(Problem.TIME_BUDGET_EXCEEDED, "reading '" + file + "' took longer than "
                        + budget.toSeconds() + " s and produced nothing — the file is probably corrupted; raise "
                        + "--timeout if it is just very large");
            }
            warnings.add(new Warning(WarningCode.TIME_BUDGET_EXCEEDED, "stopped reading '" + file + "' "
                    + where + ": parsing took longer than " + budget.toSeconds() + " s (a corrupted file can "
                    + "make the parser loop; raise --timeout if it is just very large); findings cover what was read"));
        }
        Throwable t = read.failure();
        if (t != null) {
            if (read.events() == 0) {
                throw new MapraceException(Problem.RECORDING_CORRUPT, "cannot read '" + file + "': " + oneLine(t)
                        + " — the recording is corrupted");
            }
            warnings.add(new Warning(WarningCode.RECORDING_CORRUPT, "'" + file + "' is corrupted after "
                    + read.events() + " events (up to " + read.lastEventTime() + "): " + oneLine(t)
                    + "; findings cover what was read"));
        }
        return read.events();
    }

    /**
     * Threads decoding chunks: the cores left when the reading thread (which runs the rules unless they have a
     * thread of their own) has one; none decodes on the reading thread. On 2 cores the 500 MB bench recording
     * took 1.4 s with one decoder, 1.6 s with two (three busy threads on two cores: the reading thread, the one
     * the others wait for, got less than a core).
     */
    private static int defaultDecoders(boolean threaded) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(0, cores - 1 - (threaded ? 1 : 0));
    }

    private static Instant start(RecordingLayout layout) {
        return layout.chunks().stream().map(ChunkInfo::start).min(Instant::compareTo).orElse(null);
    }

    private static Instant end(RecordingLayout layout) {
        return layout.chunks().stream().map(c -> c.start().plus(c.declaredDuration())).max(Instant::compareTo)
                .orElse(null);
    }

    /** A minute, plus ten seconds per 100 MB: several times what a healthy file needs on a slow machine. */
    static Duration defaultBudget(long bytes) {
        return Duration.ofSeconds(60 + bytes / 10_000_000);
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
