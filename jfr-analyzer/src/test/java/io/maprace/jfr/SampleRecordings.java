package io.maprace.jfr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maprace.findings.Advice;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.samples.Catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recordings of the samples made by child JVMs, as maprace recommends recording an application. */
final class SampleRecordings {

    static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** Race shapes with and without a lock, a thread stuck in a corrupted bin, exceptions, and a clean twin. */
    static final List<String> SHAPES = List.of("factory-cache", "read-locked-lru", "spinning-tree-bin",
            "in-progress-set-fixed");

    private SampleRecordings() {
    }

    /**
     * Records {@link #SHAPES} with this JVM and the given samples with JDK 25, all at once, 4 s each, into
     * {@code dir}; returns the recordings when all have ended.
     */
    static List<Path> recordShapes(Path dir, List<String> withJdk25) throws IOException, InterruptedException {
        Map<Path, Process> running = new LinkedHashMap<>();
        for (String name : SHAPES) {
            Path rec = dir.resolve(name + ".jfr");
            running.put(rec, start(JAVA, name, rec, 4));
        }
        assertTrue(withJdk25.isEmpty() || Files.isExecutable(JDK_25), "JDK 25 expected at " + JDK_25);
        for (String name : withJdk25) {
            Path rec = dir.resolve(name + "-jdk25.jfr");
            running.put(rec, start(JDK_25.toString(), name, rec, 4));
        }
        return await(running);
    }

    /** Starts a sample recording itself into {@code rec}; wait for it with {@link #await}. */
    static Process start(String java, String sampleName, Path rec, int seconds) throws IOException {
        Catalog.Sample sample = Catalog.require(sampleName);
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(sample.jvmFlags());
        cmd.addAll(List.of(Advice.RECORDING_FLAG + ",filename=" + rec, "-cp",
                System.getProperty("java.class.path"), sample.mainClass(), "--seconds", String.valueOf(seconds),
                "--threads", "2"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits for every recording to end well; returns the recordings in the map's order. */
    static List<Path> await(Map<Path, Process> running) throws InterruptedException {
        List<Path> done = new ArrayList<>();
        for (Map.Entry<Path, Process> r : running.entrySet()) {
            assertTrue(r.getValue().waitFor(120, TimeUnit.SECONDS), "recording " + r.getKey() + " did not end");
            assertEquals(0, r.getValue().exitValue(), "recording " + r.getKey());
            done.add(r.getKey());
        }
        return done;
    }

    /** The report as JSON, without the one thing allowed to differ between runs: how long it took. */
    static JsonNode json(Report report) throws IOException {
        JsonNode json = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(report));
        ((ObjectNode) json.get("source").get("stats")).remove("analysisMillis");
        return json;
    }
}
