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
 * {@code -XX:StartFlightRecording:settings=profile,locking-threshold=1ms}, as maprace recommends recording an
 * application.
 */
class AnalyzeSamplesTest {

    private static final Set<String> RACE_KINDS = Set.of("concurrent-writers", "hidden-write", "per-call-state",
            "stuck-in-map", "map-exception");

    /** Execution samples below which a race's recording may not hold the evidence the rules need. */
    private static final int ENOUGH_SAMPLES = 600;

    /** Execution samples below which a recording without findings says nothing about false alarms. */
    private static final int FEW_SAMPLES = 50;

    @TempDir
    Path dir;

    static Stream<Catalog.Sample> racy() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.RACE);
    }

    /** Fixed twins and correct programs (a common lock, a synchronized wrapper, concurrent maps, confinement). */
    static Stream<Catalog.Sample> fixed() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.FIXED || s.kind() == Catalog.Kind.CORRECT);
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
        if (ofKind(report, expectedKind) == null || !isLikely(ofKind(report, expectedKind))) {
            // Each rule needs enough samples: co-sampling needs the two writers on the CPUs in one sampling period
            // at least 3 times, the per-call rule both the add and the remove sampled, likely two kinds of
            // evidence. On a host loaded by other work that takes longer: as a user would, record longer and
            // analyze both recordings.
            Path second = record(s, 2 * seconds, SampleLauncher.currentJvm(), s.name() + "-longer.jfr");
            report = analyze(List.of(first, second));
            if (ofKind(report, expectedKind) == null || !isLikely(ofKind(report, expectedKind))) {
                // Shape 2's proof is a sample inside the relink of an access-ordered get, about 1 sample a second
                // on an idle machine (8 of 500 in 8 s), fewer under load: once more, longer again.
                Path third = record(s, 4 * seconds, SampleLauncher.currentJvm(), s.name() + "-longest.jfr");
                report = analyze(List.of(first, second, third));
            }
        }
        JsonNode all = report;
        JsonNode f = ofKind(report, expectedKind);
        assumeEnoughSamples(report, f != null && isLikely(f));
        assertNotNull(f, () -> "no " + expectedKind + " finding for " + s.name() + ": " + all.get("findings") + " "
                + all.get("source").get("stats"));
        assertTrue(atAnyOf(f, s.writeSites()), "sites " + f.get("sites") + " vs " + s.writeSites());
        // Written by several threads with no lock: the evidence agrees (see SeverityPolicy), likely.
        assertTrue(isLikely(f), () -> "not likely: " + f + " " + all.get("source").get("stats"));
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

    /**
     * Whether the recordings show the sample's threads often enough to judge: on a host loaded by other work the
     * sampler may catch them a few dozen times in seconds, too few for any rule. Then the test says so (skipped),
     * unless the evidence was found anyway.
     */
    private static void assumeEnoughSamples(JsonNode report, boolean found) {
        int samples = report.get("source").get("stats").get("executionSamples").asInt();
        assumeTrue(found || samples >= ENOUGH_SAMPLES, "the sampler caught the sample's threads only " + samples
                + " times: the host is too loaded to judge (" + ENOUGH_SAMPLES + " needed)");
    }

    private static boolean isLikely(JsonNode finding) {
        return Set.of("likely", "proven").contains(finding.get("severity").asText());
    }

    /** The first race finding of this kind, or null. */
    private static JsonNode ofKind(JsonNode report, String kind) {
        return raceFindings(report).stream().filter(f -> f.get("kind").asText().equals(kind)).findFirst()
                .orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixed")
    void fixedTwinsHaveNoFindings(Catalog.Sample s) throws Exception {
        Path first = record(s, 4, SampleLauncher.currentJvm(), s.name() + ".jfr");
        JsonNode report = analyze(List.of(first));
        if (report.get("source").get("stats").get("executionSamples").asInt() <= FEW_SAMPLES) {
            // A host loaded by other work leaves the sample's threads few turns on the CPUs: record longer.
            Path second = record(s, 8, SampleLauncher.currentJvm(), s.name() + "-longer.jfr");
            report = analyze(List.of(first, second));
        }
        assertEquals(0, report.get("findings").size(), report.get("findings").toString());
        int samples = report.get("source").get("stats").get("executionSamples").asInt();
        // No finding from too few samples shows nothing: say so rather than pass.
        assumeTrue(samples > FEW_SAMPLES, "the sampler caught the sample's threads only " + samples + " times");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spinning")
    void threadsSpinningInACorruptedMapAreStuck(Catalog.Sample s) throws Exception {
        Path first = record(s, 5, SampleLauncher.currentJvm(), s.name() + ".jfr");
        JsonNode report = analyze(List.of(first));
        if (stuckIn(report) == null) {
            // A stuck run needs 50 samples of one thread in a row: on a loaded host, record longer.
            Path second = record(s, 10, SampleLauncher.currentJvm(), s.name() + "-longer.jfr");
            report = analyze(List.of(first, second));
        }
        JsonNode stuck = stuckIn(report);
        assumeEnoughSamples(report, stuck != null);
        assertTrue(stuck != null, "no stuck-in-map finding: " + report.get("findings"));
        assertEquals("likely", stuck.get("severity").asText());
        assertTrue(atAnyOf(stuck, s.sitesOf(Catalog.SiteRole.SPIN)), stuck.get("sites").toString());
        JsonNode run = stuck.get("evidence").get(0);
        assertEquals("sample-run", run.get("type").asText());
        assertTrue(run.get("samples").asInt() >= 50, run.toString());
    }

    private static JsonNode stuckIn(JsonNode report) {
        JsonNode stuck = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("kind").asText().equals("stuck-in-map")) {
                stuck = f;
            }
        }
        return stuck;
    }

    @Test
    void readsRecordingsOfAJdk25Target() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(java25), "no JDK 25 on this machine");
        Catalog.Sample s = Catalog.require("factory-cache");
        SampleLauncher jdk25 = new SampleLauncher(java25.toString());
        Path first = record(s, 5, jdk25, s.name() + "-jdk25.jfr");
        JsonNode report = analyze(List.of(first));
        if (raceFindings(report).isEmpty()) {
            Path second = record(s, 10, jdk25, s.name() + "-jdk25-longer.jfr");
            report = analyze(List.of(first, second));
        }
        List<JsonNode> found = raceFindings(report);
        assumeEnoughSamples(report, !found.isEmpty());
        assertFalse(found.isEmpty(), report.get("findings").toString());
        assertTrue(atAnyOf(found.get(0), s.writeSites()));
    }
}
