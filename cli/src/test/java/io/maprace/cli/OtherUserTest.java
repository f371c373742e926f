package io.maprace.cli;

import io.maprace.error.Problem;
import io.maprace.probe.watch.TargetProcess;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maprace run by one user against another user's JVM: the target runs as this user (root), the tool as
 * {@code nobody} through {@code setpriv}. Needs root, so it runs on the build machines, not on a developer's
 * desktop. The tool gets a world-readable copy of its classpath: the Maven repository under /root is private.
 */
@EnabledIf("canSwitchUser")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OtherUserTest {

    private static final Path SETPRIV = Paths.get("/usr/bin/setpriv");

    static boolean canSwitchUser() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV);
    }

    @Test
    void anotherUsersJvmIsRefusedWithWhoToRunAs(@TempDir Path dir) throws Exception {
        String classpath = readableCopyOfClasspath(dir);
        Catalog.Sample sample = Catalog.require("factory-cache");
        try (TargetProcess target = TargetProcess.start(Class.forName(sample.mainClass()), "--seconds", "60")) {
            long pid = target.process().pid();
            for (String command : List.of("scan", "watch")) {
                Result r = asNobody(dir, classpath, command, Long.toString(pid));
                assertEquals(Problem.PERMISSION_DENIED.exitCode(), r.exit, r::toString);
                List<String> lines = r.err.lines().filter(l -> !l.isBlank()).toList();
                assertEquals(1, lines.size(), r::toString);
                assertTrue(lines.get(0).contains("is a JVM of user root and maprace runs as nobody"), r::toString);
                assertTrue(lines.get(0).contains("sudo -u root"), r::toString);
                assertFalse(r.err.contains("Exception"), r::toString);
            }
            // By main class: another user's JVMs are not listed to this one, and the error says how to name it.
            Result byName = asNobody(dir, classpath, "scan", sample.mainClass());
            assertEquals(Problem.NO_SUCH_PROCESS.exitCode(), byName.exit, byName::toString);
            assertTrue(byName.err.contains("among the JVMs of user nobody (another user's JVM: name it by pid"),
                    byName::toString);
            assertTrue(target.process().isAlive());
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result asNobody(Path dir, String classpath, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534",
                "--clear-groups", "--", Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir, "-cp", classpath, Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the tool did not end: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Copies every classpath entry (jar or class folder) under {@code dir}, readable by all. */
    private static String readableCopyOfClasspath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Paths.get(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = dir.resolve("cp" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path to = copy.resolve(source.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(f, to);
                        }
                    }
                }
            } else {
                Files.copy(source, copy);
            }
            entries.add(copy.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                        Files.isDirectory(f) ? "rwxrwxrwx" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
