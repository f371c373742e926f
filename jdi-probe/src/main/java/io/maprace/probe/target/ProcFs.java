package io.maprace.probe.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What the operating system says about a process, read without touching it: whether it exists, who owns it,
 * whether it is a JVM (an {@code hsperfdata} file or {@code libjvm} mapped). Linux reads {@code /proc}; elsewhere
 * the answers fall back to {@link ProcessHandle} and the temp directory.
 */
final class ProcFs {

    private static final Path PROC = Paths.get("/proc");

    private ProcFs() {
    }

    static boolean hasProc() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    static boolean exists(long pid) {
        if (hasProc()) {
            return Files.isDirectory(PROC.resolve(Long.toString(pid)));
        }
        return ProcessHandle.of(pid).isPresent();
    }

    /**
     * Whether the process still runs: it exists and is not a zombie (exited, not yet reaped by its parent).
     */
    static boolean running(long pid) {
        if (!exists(pid)) {
            return false;
        }
        return statusField(pid, "State:").map(s -> !s.startsWith("Z") && !s.startsWith("X")).orElse(true);
    }

    /** Waits up to {@code millis} for the process to end; true if it did. */
    static boolean awaitExit(long pid, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20); // polling /proc: there is no event for another process's exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The real uid of the process, when {@code /proc} tells it. */
    static OptionalInt uid(long pid) {
        return statusField(pid, "Uid:").map(v -> OptionalInt.of(Integer.parseInt(v.split("\\s+")[0])))
                .orElse(OptionalInt.empty());
    }

    static OptionalInt currentUid() {
        return uid(ProcessHandle.current().pid());
    }

    /** The pid inside the process's own pid namespace (a JVM in a container names its files after it). */
    static long namespacePid(long pid) {
        return statusField(pid, "NSpid:").map(v -> {
            String[] parts = v.split("\\s+");
            return Long.parseLong(parts[parts.length - 1]);
        }).orElse(pid);
    }

    /** A line of {@code /proc/<pid>/status} after its {@code prefix} ({@code "Uid:"}), stripped. */
    static Optional<String> statusField(long pid, String prefix) {
        try (Stream<String> lines = Files.lines(PROC.resolve(pid + "/status"))) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The user name of the process's owner. */
    static Optional<String> user(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().user());
    }

    /** The full command line, when readable. */
    static Optional<List<String>> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < raw.length) {
                args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
            }
            return Optional.of(args);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code libjvm} is mapped into the process: empty when the maps cannot be read (another user's
     * process without root).
     */
    static Optional<Boolean> mapsLibjvm(long pid) {
        try (Stream<String> lines = Files.lines(PROC.resolve(pid + "/maps"))) {
            return Optional.of(lines.anyMatch(l -> l.endsWith("/libjvm.so") || l.endsWith("/libjvm.dylib")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The JVM's {@code hsperfdata} file: in the temp directory as the process sees it (a container's own
     * {@code /tmp}, named after the pid in its namespace), else in this host's temp directory.
     */
    static Optional<Path> hsperfFile(long pid) {
        List<Path> tmpDirs = new ArrayList<>();
        if (hasProc()) {
            tmpDirs.add(PROC.resolve(pid + "/root/tmp"));
        }
        tmpDirs.add(Paths.get(System.getProperty("java.io.tmpdir")));
        tmpDirs.add(Paths.get("/tmp"));
        long nsPid = hasProc() ? namespacePid(pid) : pid;
        for (Path tmp : tmpDirs) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
                for (Path dir : dirs) {
                    Path candidate = dir.resolve(Long.toString(tmp.startsWith(PROC) ? nsPid : pid));
                    if (Files.exists(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not readable (another user's /proc/<pid>/root) or absent: try the next place
            }
        }
        return Optional.empty();
    }
}
