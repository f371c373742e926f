package io.maprace.cli;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Advice;
import io.maprace.samples.Catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a bundled sample in a child JVM with a flight recording, the way a user would record their own
 * application with the options maprace recommends ({@link Advice#RECORDING_FLAG}). Used by {@code maprace demo}
 * and the tests.
 */
public final class SampleLauncher {

    private final String javaBin;

    /** @param javaBin the {@code java} to run the sample with (the current JVM's, or another JDK's) */
    public SampleLauncher(String javaBin) {
        this.javaBin = javaBin;
    }

    public static SampleLauncher currentJvm() {
        return new SampleLauncher(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Records {@code sample} for {@code seconds} into {@code recording}, passing each line the sample prints to
     * {@code progress}.
     */
    public void record(Catalog.Sample sample, int seconds, int threads, Path recording, Consumer<String> progress) {
        record(sample, seconds, threads, recording, Advice.RECORDING_OPTIONS, progress);
    }

    /** @param options {@code -XX:StartFlightRecording} options but the file: {@code settings=default}, a {@code .jfc} */
    public void record(Catalog.Sample sample, int seconds, int threads, Path recording, String options,
                       Consumer<String> progress) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(sample.jvmFlags());
        cmd.add("-XX:StartFlightRecording:" + options + ",filename=" + recording.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(sample.mainClass());
        cmd.addAll(List.of("--seconds", Integer.toString(seconds), "--threads", Integer.toString(threads)));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MapraceException(Problem.INTERNAL, "cannot start " + javaBin + ": " + e.getMessage());
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                progress.accept(line);
            }
            // The sample ends itself after --seconds; the margin covers JVM start and the recording's dump.
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MapraceException(Problem.INTERNAL, "sample " + sample.name() + " did not end");
            }
        } catch (IOException e) {
            throw new MapraceException(Problem.INTERNAL, "lost the sample's output: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MapraceException(Problem.INTERNAL, "interrupted while recording " + sample.name());
        }
        if (p.exitValue() != 0) {
            throw new MapraceException(Problem.INTERNAL, "sample " + sample.name() + " exited with " + p.exitValue());
        }
    }
}
