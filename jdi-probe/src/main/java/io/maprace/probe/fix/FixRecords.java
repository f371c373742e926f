package io.maprace.probe.fix;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fix records of this user: one JSON file per fix in a directory ({@code ~/.maprace/fixes} by default),
 * each replaced atomically (write, then rename) so that a kill never leaves half a record.
 */
public final class FixRecords {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;

    public FixRecords(Path dir) {
        this.dir = dir;
    }

    /** {@code ~/.maprace/fixes}. */
    public static FixRecords inHome() {
        return new FixRecords(Path.of(System.getProperty("user.home"), ".maprace", "fixes"));
    }

    public Path dir() {
        return dir;
    }

    FixRecord begin(long pid, String target, FixPlan plan) {
        Instant now = Instant.now();
        String id = now.toString().replace(':', '-') + "-" + pid;
        return new FixRecord(id, now, System.getProperty("user.name"), pid, target, plan.map().path(), plan,
                FixRecord.SWAPPING, 0, 0, null, null, now, startOf(pid));
    }

    /** Serializes a record once, unwritten: the first use of the JSON writer costs ~100 ms, not to be paid in a hold. */
    void warmUp(FixRecord r) {
        try {
            JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            // the real write reports it
        }
    }

    /** Writes (or replaces) a record; a record that cannot be written stops the fix before anything changed. */
    void write(FixRecord r) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(r.id() + ".json.tmp");
            JSON.writeValue(tmp.toFile(), r);
            Files.move(tmp, dir.resolve(r.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MapraceException(Problem.OUTPUT_UNWRITABLE, "cannot write the fix record in " + dir + ": "
                    + e.getMessage() + " — nothing was changed in the target; make the directory writable", e);
        }
    }

    /** Every record, oldest first; unreadable files are skipped. */
    public List<FixRecord> list() {
        List<FixRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                try {
                    out.add(JSON.readValue(p.toFile(), FixRecord.class));
                } catch (IOException e) {
                    // a foreign or damaged file: not one of ours to show
                }
            }
        } catch (IOException e) {
            throw new MapraceException(Problem.FILE_UNREADABLE, "cannot read " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(FixRecord::created));
        return out;
    }

    /**
     * When the local process with this pid started, or null (a remote target, a process gone): with the pid, what
     * tells this process from an earlier one that had the same pid.
     */
    public static Instant startOf(long pid) {
        return pid > 0 ? ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(null) : null;
    }

    /** The latest record in force for this map of this target. */
    public Optional<FixRecord> inForce(long pid, String path) {
        Instant started = startOf(pid);
        FixRecord found = null;
        for (FixRecord r : list()) {
            if (r.madeIn(pid, started) && r.path().equals(path) && r.inForce()) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }
}
