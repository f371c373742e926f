package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code maprace analyze} on recordings of the bundled samples, made by running each one in a child JVM with
 * {@code -XX:StartFlightRecording:settings=profile}, as a user records an application.
 */
class AnalyzeSamplesTest {

    private static final Set<String> RACE_KINDS = Set.of("concurrent-writers", "hidden-write", "per-call-state",
            "stuck-in-map", "map-exception");

    @TempDir
    Path dir;

    static Stream<Catalog.Sample> racy() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.RACE);
    }

    static Stream<Catalog.Sample> fixed() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.FIXED);
    }

    static Stream<Catalog.Sample> spinning() {
        return Catalog.all().stream().filter(s -> !s.sitesOf(Catalog.SiteRole.SPIN).isEmpty());
    }

    private JsonNode analyze(Catalog.Sample s, int seconds, SampleLauncher launcher) throws Exception {
        return analyze(List.of(record(s, seconds, launcher, s.name() + ".jfr")));
    }

    private Path record(Catalog.Sample s, int seconds, SampleLauncher launcher, String file) throws Exception {
        Path rec = dir.resolve(file);
        List<String> lines = new ArrayList<>();
        launcher.record(s, seconds, 2, rec, lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ready")), "the sample started: " + lines);
        return rec;
    }

    private static JsonNode analyze(List<Path> recordings) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json"));
        recordings.forEach(r -> args.add(r.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return ReportJson.mapper().readTree(run.out());
    }

    private static List<JsonNode> raceFindings(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (RACE_KINDS.contains(f.get("kind").asText())) {
                out.add(f);
            }
        });
        return out;
    }

    private static boolean atAnyOf(JsonNode finding, List<String> methods) {
        return SampleExpectations.atAnyOf(finding, methods);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("racy")
    void everyRaceShapeIsFoundAtItsWriteSites(Catalog.Sample s) throws Exception {
        String expectedKind = SampleExpectations.raceKind(s);
        // Shape 6 writes its inner map in short bursts between other work: give the sampler longer.
        int seconds = s.shape() == 6 ? 10 : 5;
        Path first = record(s, seconds, SampleLauncher.currentJvm(), s.name() + ".jfr");
        JsonNode report = analyze(List.of(first));
        if (ofKind(report, expectedKind) == null) {
            // Each rule needs enough samples: co-sampling needs the two writers on the CPUs in one sampling period
            // at least 3 times, the per-call rule both the add and the remove sampled. On a host loaded by other
            // work that takes longer: as a user would, record longer and analyze both recordings.
            Path second = record(s, 2 * seconds, SampleLauncher.currentJvm(), s.name() + "-longer.jfr");
            report = analyze(List.of(first, second));
        }
        JsonNode all = report;
        JsonNode f = ofKind(report, expectedKind);
        assertNotNull(f, () -> "no " + expectedKind + " finding for " + s.name() + ": " + all.get("findings") + " "
                + all.get("source").get("stats"));
        assertTrue(atAnyOf(f, s.writeSites()), "sites " + f.get("sites") + " vs " + s.writeSites());
        // The sample's workers; helper threads of the sample (a reloader) may write the map too.
        int workers = 0;
        for (JsonNode t : f.get("threads")) {
            workers += t.get("name").asText().startsWith(s.threadPrefix()) ? 1 : 0;
        }
        assertTrue(workers >= 2, "two workers of the sample: " + f.get("threads"));
        if (s.shape() == 2) {
            assertTrue(f.toString().contains("ReentrantReadWriteLock$ReadLock"), "names the shared lock");
        }
        // Whatever else was found is a race at the sample's own write sites, never elsewhere.
        for (JsonNode other : raceFindings(report)) {
            assertTrue(atAnyOf(other, s.writeSites()), () -> "a finding away from the sample's sites: " + other);
        }
    }

    /** The first race finding of this kind, or null. */
    private static JsonNode ofKind(JsonNode report, String kind) {
        return raceFindings(report).stream().filter(f -> f.get("kind").asText().equals(kind)).findFirst()
                .orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixed")
    void fixedTwinsHaveNoFindings(Catalog.Sample s) throws Exception {
        JsonNode report = analyze(s, 4, SampleLauncher.currentJvm());
        assertTrue(report.get("source").get("stats").get("executionSamples").asInt() > 50, "the sampler ran");
        assertEquals(0, report.get("findings").size(), report.get("findings").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spinning")
    void threadsSpinningInACorruptedMapAreStuck(Catalog.Sample s) throws Exception {
        JsonNode report = analyze(s, 5, SampleLauncher.currentJvm());
        JsonNode stuck = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asText().equals("stuck-in-map")) {
                stuck = f;
            }
        }
        assertTrue(stuck != null, "no stuck-in-map finding: " + report.get("findings"));
        assertEquals("likely", stuck.get("severity").asText());
        assertTrue(atAnyOf(stuck, s.sitesOf(Catalog.SiteRole.SPIN)), stuck.get("sites").toString());
        JsonNode run = stuck.get("evidence").get(0);
        assertEquals("sample-run", run.get("type").asText());
        assertTrue(run.get("samples").asInt() >= 50, run.toString());
    }

    @Test
    void readsRecordingsOfAJdk25Target() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(java25), "no JDK 25 on this machine");
        Catalog.Sample s = Catalog.require("factory-cache");
        JsonNode report = analyze(s, 5, new SampleLauncher(java25.toString()));
        List<JsonNode> found = raceFindings(report);
        assertFalse(found.isEmpty(), report.get("findings").toString());
        assertTrue(atAnyOf(found.get(0), s.writeSites()));
    }
}
