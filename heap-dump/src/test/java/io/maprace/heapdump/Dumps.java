package io.maprace.heapdump;

import io.maprace.samples.Catalog;
import io.maprace.testkit.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Heap dumps for tests, written by the JDK's own dumper through {@code jcmd} (the Attach API). */
public final class Dumps {

    private Dumps() {
    }

    /**
     * Has JVM {@code pid} write its heap to {@code file}.
     *
     * @param options {@code -gz=1}, {@code -all}, or none
     */
    public static Path jcmdDump(long pid, Path file, String... options) throws IOException, InterruptedException {
        return jcmdDump(Paths.get(System.getProperty("java.home")), pid, file, options);
    }

    /** {@link #jcmdDump(long, Path, String...)} with the {@code jcmd} of the JDK at {@code javaHome}. */
    public static Path jcmdDump(Path javaHome, long pid, Path file, String... options)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("jcmd").toString(),
                Long.toString(pid), "GC.heap_dump"));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jcmd GC.heap_dump did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!Files.isRegularFile(file) || !out.contains("Heap dump file created")) {
            throw new AssertionError("no heap dump: " + out);
        }
        return file;
    }

    /** The heap of a sample run with {@code args} (started with no agent), written to {@code file}. */
    public static Path ofSample(Path file, String sample, String... args) throws Exception {
        try (ChildJvm jvm = ChildJvm.startSample(Catalog.require(sample), false, args)) {
            return jcmdDump(jvm.pid(), file);
        }
    }

    /** This JVM's own heap. */
    public static Path ofThisJvm(Path file, String... options) throws IOException, InterruptedException {
        return jcmdDump(ProcessHandle.current().pid(), file, options);
    }
}
