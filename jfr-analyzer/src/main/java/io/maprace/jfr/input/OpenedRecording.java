package io.maprace.jfr.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A recording ready for the JDK's parser: the user's file itself, or a repaired copy of it that is
 * deleted on {@link #close()}. Parse {@link #path()}, name {@link #source()} in messages:
 *
 * <pre>{@code
 * try (OpenedRecording recording = new RecordingOpener().open(file)) {
 *     recording.problems().forEach(p -> warn(p.message()));
 *     budget.run(recording.source(), "reading events", progress -> {
 *         try (EventStream stream = progress.closeOnExpiry(EventStream.openFile(recording.path()))) {
 *             ...
 *             stream.start();
 *         }
 *         return null;
 *     });
 * }
 * }</pre>
 */
public final class OpenedRecording implements AutoCloseable {
    private final Path source;
    private final Path path;
    private final RecordingLayout layout;
    private final RepairReport repair;
    private final List<InputProblem> problems;

    OpenedRecording(Path source, Path path, RecordingLayout layout, RepairReport repair, List<InputProblem> problems) {
        this.source = source;
        this.path = path;
        this.layout = layout;
        this.repair = repair;
        this.problems = List.copyOf(problems);
    }

    /** The file the user named. */
    public Path source() {
        return source;
    }

    /** The file to hand to the JDK's parser: {@link #source()}, or its repaired copy. */
    public Path path() {
        return path;
    }

    public boolean repaired() {
        return repair != null;
    }

    /** The chunks of {@link #source()} as their headers describe them. */
    public RecordingLayout layout() {
        return layout;
    }

    public Optional<RepairReport> repair() {
        return Optional.ofNullable(repair);
    }

    /** What was wrong with the file and what was done about it; empty for a sound file. */
    public List<InputProblem> problems() {
        return problems;
    }

    /** Deletes the repaired copy, if there is one. */
    @Override
    public void close() {
        if (repair != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // Left for deleteOnExit: a temporary file must not turn a finished analysis into an error.
            }
        }
    }
}
