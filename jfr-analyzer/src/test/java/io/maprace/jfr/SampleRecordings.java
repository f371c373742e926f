package io.maprace.jfr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.samples.Catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recordings of the samples made by child JVMs, as a user records an application (settings=profile). */
final class SampleRecordings {

    static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private SampleRecordings() {
    }

    /** Starts a sample recording itself into {@code rec}; wait for it with {@link #await}. */
    static Process start(String java, String sampleName, Path rec, int seconds) throws IOException {
        Catalog.Sample sample = Catalog.require(sampleName);
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(sample.jvmFlags());
        cmd.addAll(List.of("-XX:StartFlightRecording:settings=profile,filename=" + rec, "-cp",
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
