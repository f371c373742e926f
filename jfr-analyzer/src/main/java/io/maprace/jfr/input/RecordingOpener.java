package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The single way the analyzer opens a recording file: validates it, repairs it when the JDK's parser
 * could not read it as it is, and says what was wrong.
 *
 * <ul>
 * <li>a sound file is returned as it is, with no problem;</li>
 * <li>a file whose last chunk is cut, unfinished or has a damaged header, or that has bytes after its
 *     last chunk, is repaired into a temporary copy ({@link TruncatedChunkRepair}); each thing found
 *     becomes an {@link InputProblem};</li>
 * <li>a file that cannot be analyzed at all (missing, unreadable, empty, not JFR, unsupported version,
 *     nothing recoverable) throws a {@link RecordingInputException} with a one-line message.</li>
 * </ul>
 */
public final class RecordingOpener {

    /** Time allowed to read back each repaired chunk with the JDK's parser. */
    public static final Duration DEFAULT_VERIFY_BUDGET = Duration.ofSeconds(60);

    private final TimeBudget verifyBudget;
    private final Path tempDirectory;

    public RecordingOpener() {
        this(TimeBudget.of(DEFAULT_VERIFY_BUDGET), null);
    }

    /**
     * @param verifyBudget  time allowed to read back each repaired chunk
     * @param tempDirectory where repaired copies go; null for the system's temporary directory
     */
    public RecordingOpener(TimeBudget verifyBudget, Path tempDirectory) {
        this.verifyBudget = Objects.requireNonNull(verifyBudget, "verifyBudget");
        this.tempDirectory = tempDirectory;
    }

    /**
     * Opens {@code file} for analysis. Close the result to delete the repaired copy, if one was made.
     *
     * @throws RecordingInputException when nothing in the file can be analyzed
     */
    public OpenedRecording open(Path file) throws RecordingInputException {
        RecordingLayout layout = ChunkIndex.read(file);
        if (!layout.needsRepair()) {
            return new OpenedRecording(file, file, layout, null, List.of());
        }
        if (layout.chunks().isEmpty()) {
            throw new RecordingInputException(ProblemKind.TRUNCATED, file,
                    Messages.partialFirstHeader(file, layout.fileSize()));
        }
        Path copy = createCopy(file);
        boolean keep = false;
        try {
            RepairReport report = new TruncatedChunkRepair(verifyBudget).repair(layout, copy);
            if (report.chunksKept() == 0) {
                ChunkRecovery only = report.repairs().get(0);
                throw new RecordingInputException(kindOf(only.state()), file, Messages.nothingRecovered(file, only));
            }
            OpenedRecording opened = new OpenedRecording(file, copy, layout, report, problems(file, report));
            keep = true;
            return opened;
        } finally {
            if (!keep) {
                deleteQuietly(copy);
            }
        }
    }

    private static List<InputProblem> problems(Path file, RepairReport report) {
        List<InputProblem> problems = new ArrayList<>();
        for (ChunkRecovery recovery : report.repairs()) {
            String message = recovery.recovered()
                    ? Messages.recovered(file, recovery)
                    : Messages.chunkLost(file, recovery);
            problems.add(new InputProblem(kindOf(recovery.state()), message));
        }
        report.leftover().ifPresent(leftover -> problems.add(switch (leftover.kind()) {
            case PARTIAL_HEADER -> new InputProblem(ProblemKind.TRUNCATED,
                    Messages.partialHeader(file, leftover, chunkCount(report) + 1));
            case GARBAGE -> new InputProblem(ProblemKind.TRAILING_GARBAGE, Messages.trailingGarbage(file, leftover));
        }));
        return problems;
    }

    private static int chunkCount(RepairReport report) {
        return report.chunksCopied() + report.repairs().size();
    }

    private static ProblemKind kindOf(ChunkState state) {
        return switch (state) {
            case TRUNCATED -> ProblemKind.TRUNCATED;
            case UNFINISHED -> ProblemKind.UNFINISHED;
            case DAMAGED, COMPLETE -> ProblemKind.CORRUPT;
        };
    }

    private Path createCopy(Path file) throws RecordingInputException {
        try {
            Path copy = tempDirectory == null
                    ? Files.createTempFile("maprace-", "-repaired.jfr")
                    : Files.createTempFile(tempDirectory, "maprace-", "-repaired.jfr");
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new RecordingInputException(ProblemKind.IO_ERROR, file,
                    Messages.ioError(file, "creating a temporary file for the repaired copy", e.getMessage()), e);
        }
    }

    private static void deleteQuietly(Path copy) {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // deleteOnExit was registered.
        }
    }
}
