package io.maprace.jfr;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks a file before parsing: present, readable, not empty, a JFR recording. */
public final class RecordingOpener {

    private RecordingOpener() {
    }

    public static OpenedRecording open(Path file) {
        if (!Files.exists(file)) {
            throw new MapraceException(Problem.FILE_NOT_FOUND, "no such file '" + file + "'");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read '" + file + "'");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            long size = Files.size(file);
            if (size == 0) {
                throw new MapraceException(Problem.RECORDING_EMPTY, "file is empty '" + file + "'");
            }
            if (magic.length < 4 || magic[0] != 'F' || magic[1] != 'L' || magic[2] != 'R' || magic[3] != 0) {
                throw new MapraceException(Problem.NOT_A_RECORDING, "'" + file + "' is not a JFR recording");
            }
            return new OpenedRecording(file, size, 1, null, null, List.of());
        } catch (IOException e) {
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read '" + file + "': " + e.getMessage());
        }
    }
}
