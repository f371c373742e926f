package io.maprace.heapdump.live;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code maprace scan <pid> --heap-dump}: has a JVM with no JDWP agent write a heap dump through the Attach API
 * ({@code GC.heap_dump}, no start-up flag needed) into a private directory (0700, the file 0600: a dump holds every
 * value of the program), measuring the pause it causes. The caller scans the file, then {@link #discard}s it or
 * {@link #keep}s it.
 */
public final class LiveDump {

    /** An HPROF dump holds 8-byte ids where the heap has 4-byte compressed references: room for more than the heap. */
    static final double SIZE_FACTOR = 1.5;
    private static final long MARGIN = 64L << 20;
    private static final Pattern CREATED = Pattern.compile("Heap dump file created \\[(\\d+) bytes in ([0-9.]+) secs]");

    private LiveDump() {
    }

    /** What the dump will cost, to say before taking it. */
    public static DumpPlan plan(DumpTarget target, Path directory) {
        long used = target.usedHeapBytes().orElse(-1);
        long free;
        try {
            FileStore store = Files.getFileStore(directory);
            free = store.getUsableSpace();
        } catch (IOException e) {
            throw new MapraceException(Problem.OUTPUT_UNWRITABLE, "cannot use " + directory + " for the heap dump ("
                    + e.getMessage() + ") — pass --dump-dir DIR with room for it");
        }
        long needed = used < 0 ? -1 : (long) (used * SIZE_FACTOR) + MARGIN;
        return new DumpPlan(target.label(), used, directory, free, needed);
    }

    /** @throws MapraceException DISK_FULL when the plan's directory lacks room for the dump */
    public static void requireRoom(DumpPlan plan) {
        if (!plan.fits()) {
            throw new MapraceException(Problem.DISK_FULL, String.format("a heap dump of %s may take %d MB and %s "
                            + "has %d MB free — pass --dump-dir DIR on a disk with room", plan.target(),
                    plan.neededBytes() >> 20, plan.directory(), plan.freeBytes() >> 20));
        }
    }

    /**
     * Takes the dump (live objects only: the JVM runs a full GC first).
     *
     * @throws MapraceException HEAP_DUMP_FAILED, DISK_FULL, or the target's attach problems
     */
    public static TakenDump take(DumpTarget target, DumpPlan plan, Duration timeout) {
        requireRoom(plan);
        Path dir;
        try {
            dir = Files.createTempDirectory(plan.directory(), "maprace-dump-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new MapraceException(Problem.OUTPUT_UNWRITABLE, "cannot make a private directory in "
                    + plan.directory() + " (" + e.getMessage() + ") — pass --dump-dir DIR");
        }
        Path file = dir.resolve("heap.hprof");
        try {
            OptionalDouble before = target.safepointMillis();
            long t0 = System.nanoTime();
            String out = target.jcmd("GC.heap_dump " + file, timeout);
            double wall = (System.nanoTime() - t0) / 1e6;
            OptionalDouble after = target.safepointMillis();
            Matcher m = CREATED.matcher(out);
            if (!m.find() || !Files.isRegularFile(file)) {
                String said = out.strip().replace('\n', ' ');
                Problem p = said.contains("No space left") ? Problem.DISK_FULL : Problem.HEAP_DUMP_FAILED;
                throw new MapraceException(p, target.label() + " did not write the heap dump: " + said
                        + (p == Problem.DISK_FULL ? " — pass --dump-dir DIR on a disk with room"
                        : " — check its log; run 'jcmd <pid> GC.heap_dump FILE' to see the JVM's answer"));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            boolean measured = before.isPresent() && after.isPresent();
            double pause = measured ? after.getAsDouble() - before.getAsDouble() : wall;
            return new TakenDump(file, dir, Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), pause,
                    measured, wall);
        } catch (IOException e) {
            discard(dir);
            throw new MapraceException(Problem.HEAP_DUMP_FAILED, "cannot secure the heap dump " + file + ": "
                    + e.getMessage());
        } catch (RuntimeException e) {
            discard(dir);
            throw e;
        }
    }

    /** Moves the dump to {@code dest} (kept private, 0600) and removes its directory. */
    public static void keep(TakenDump dump, Path dest) {
        try {
            Files.move(dump.file(), dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.move(dump.file(), dest);
            } catch (IOException e2) {
                throw new MapraceException(Problem.OUTPUT_UNWRITABLE, "cannot keep the heap dump as " + dest + ": "
                        + e2.getMessage() + " — it was deleted; pass --keep with a writable path");
            }
        } finally {
            discard(dump.directory());
        }
    }

    /** Deletes the dump and its private directory. */
    public static void discard(TakenDump dump) {
        discard(dump.directory());
    }

    private static void discard(Path dir) {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // nothing more to do: the directory is private
        }
    }
}
