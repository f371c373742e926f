package io.maprace.heapdump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory only this user can read (0700), for a heap dump or an unpacked one: a dump holds every key and
 * value of the program, secrets included.
 */
final class PrivateFiles {

    private PrivateFiles() {
    }

    /** A new 0700 directory under {@code parent}. */
    static Path directory(Path parent, String prefix) throws IOException {
        try {
            return Files.createTempDirectory(parent, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions of a temp directory are private there
            return Files.createTempDirectory(parent, prefix);
        }
    }

    /** Deletes a directory made by {@link #directory} and what it holds; quiet. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the OS's temp cleaning; said nowhere else to say it
                }
            });
        } catch (IOException e) {
            // same
        }
    }

    /** Whether an IOException says the disk is full. */
    static boolean diskFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota");
    }
}
