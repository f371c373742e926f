package io.maprace.cli;

import com.fasterxml.jackson.core.JacksonException;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.FixableMaps;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the maps {@code fix --from} acts on out of a JSON report that maprace wrote. */
final class ReportMaps {

    private ReportMaps() {
    }

    static List<String> read(Path file) {
        Report report;
        try (var in = Files.newInputStream(file)) {
            report = ReportJson.mapper().readValue(in, Report.class);
        } catch (NoSuchFileException e) {
            throw new MapraceException(Problem.FILE_NOT_FOUND, file + " does not exist — give the JSON report a"
                    + " watch or scan wrote with --format json -o FILE");
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MapraceException(Problem.NOT_A_REPORT, file + " is not a maprace JSON report — give one that"
                    + " watch or scan wrote with --format json -o FILE");
        } catch (IOException e) {
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read " + file + ": " + e.getMessage());
        }
        if (report == null || !Report.SCHEMA.equals(report.schema())) {
            throw new MapraceException(Problem.NOT_A_REPORT, file + " is not a maprace JSON report (schema "
                    + (report == null ? "none" : report.schema()) + ", expected " + Report.SCHEMA + ")");
        }
        List<String> paths = FixableMaps.paths(report);
        if (paths.isEmpty()) {
            throw new MapraceException(Problem.MAP_NOT_FOUND, file + " names no racing or damaged map with a path"
                    + " from a static field (a recording knows only map types) — name the map with --map");
        }
        return paths;
    }
}
