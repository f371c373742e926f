package io.maprace.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.Advice;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maprace's commands on the corpus, as a user runs them: each release of a driver (racy, then fixed) runs as a child
 * JVM with a JDWP agent and a profile recording; {@code maprace scan} reads it, then {@code maprace watch} without
 * {@code --map} watches it for 20 s; then the driver's race is ended, and once it has printed its own post-mortem
 * check {@code maprace scan} reads its maps again (JDWP and a heap dump), and after its exit {@code maprace analyze}
 * reads its recording. Every command must write its report, with no internal error; on the
 * fixed release no command may report the library's map as corrupted or racy; on the racy release, watch must prove
 * the race where it has on every measured run. What each command found on the racy
 * release is written to {@code target/corpus-results/summary.tsv} (corpus/RESULTS.md has the measured figures and
 * the known gaps). The default build runs {@code querydsl-templates}; {@code -Pcorpus} runs every driver.
 */
class CorpusTest {

    /**
     * A driver, its racy and fixed releases, and the field name of the library map it races on: on the racy
     * release {@code watch} without {@code --map} must find the race on that map (corpus/RESULTS.md).
     *
     * @param fixRunSeconds how long the racy release runs when fixed live: long enough after the fix for the race
     *                      to show again if the fix did not stop it, and for a fix that starts with every worker
     *                      already spinning in a corrupted map (wro4j 1.6.3's four, on two cores, starve the
     *                      target's JDWP agent: one such fix outlasted a 30 s run, and the target's exit ended it)
     */
    record Case(String driver, String racy, String fixed, String mapField, int fixRunSeconds) {
        Case(String driver, String racy, String fixed, String mapField) {
            this(driver, racy, fixed, mapField, 30);
        }

        @Override
        public String toString() {
            return driver;
        }
    }

    static final List<Case> ALL = List.of(
            new Case("querydsl-templates", "querydsl-2.9.0", "querydsl-3.0.0", "cache"),
            new Case("hutool-lru", "hutool-5.7.14", "hutool-5.7.15", "cacheMap"),
            // its workers spin in the corrupted WeakHashMap within a second: nothing is written once watch arms,
            // and the integrity check at arming finds the loops the race left
            new Case("wro4j-injector", "wro4j-1.6.3", "wro4j-1.7.0", "injectedObjects", 60),
            new Case("wro4j-model", "wro4j-1.4.1", "wro4j-1.4.6", "processingGroups"),
            new Case("avro-fast-reader", "avro-1.11.4", "avro-1.12.0", "backingStore"));

    /** The longest a driver races: long enough for scan and watch on a slow host; the test ends it once they are done. */
    private static final int DRIVER_SECONDS = 75;
    /** How long a driver stays up after its checks, for the scans that read its maps as the checks left them. */
    private static final int LINGER_SECONDS = 300;
    /**
     * scan: 0, 9 (cut at its timeout), 25 (the driver ended first: its run is fixed, the scan's length is not); every
     * one of them with its report.
     */
    private static final Set<Integer> SCAN_EXITS = Set.of(0, 9, 25);
    /** watch: 0, or 25 when a long scan before it left the driver less than 20 s to live; with its report. */
    private static final Set<Integer> WATCH_EXITS = Set.of(0, 25);
    /** analyze: 0, or 10 when the recording has no execution samples (its report still written). */
    private static final Set<Integer> ANALYZE_EXITS = Set.of(0, 10);
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Case> cases() {
        String selected = System.getProperty("corpus.drivers", "querydsl-templates");
        if (selected.equals("all")) {
            return ALL.stream();
        }
        List<String> names = Arrays.asList(selected.split(","));
        return ALL.stream().filter(c -> names.contains(c.driver()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyCommandReportsAndTheFixedReleaseGivesNothing(Case c) throws Exception {
        for (String release : List.of(c.racy(), c.fixed())) {
            boolean fixed = release.equals(c.fixed());
            String name = c.driver() + "@" + release;
            Path jfr = CorpusRun.RESULTS.resolve(name + ".jfr");
            Files.createDirectories(CorpusRun.RESULTS);
            Files.deleteIfExists(jfr);
            Process driver = CorpusRun.startDriver(name, c.driver(), release, DRIVER_SECONDS, LINGER_SECONDS,
                    List.of(CorpusRun.JDWP, Advice.RECORDING_FLAG + ",filename=" + jfr));
            List<String> summary = new ArrayList<>();
            try {
                String pid = Long.toString(driver.pid());
                command(name, "scan", "scan", Duration.ofSeconds(60), SCAN_EXITS, c, fixed, summary,
                        "scan", pid, "--timeout", "10s");
                Path watch = command(name, "watch", "watch", Duration.ofSeconds(90), WATCH_EXITS, c, fixed, summary,
                        "watch", pid, "--duration", "20s");
                if (!fixed) {
                    assertTrue(provedOnLibraryMap(watch, c), name + ": watch did not find the race on "
                            + c.mapField() + "; report: " + Files.readString(watch));
                }

                // scan and watch are done with the race: the driver need not race on to its full length
                CorpusRun.finishRun(driver);
                String checks = CorpusRun.awaitChecks(name, driver, Duration.ofSeconds(DRIVER_SECONDS + 60));
                summary.add(name + "\tdriver\t" + checkLines(checks));
                boolean damaged = checks.lines().anyMatch(l -> l.startsWith("corpus-check ")
                        && l.contains(" damaged=true "));
                // The driver's workers are done: scan reads the maps its checks read, in the same state, and must
                // report the damage they found, through JDWP and through a heap dump (no flag needed)
                Path after = command(name, "after.scan", "scan-after", Duration.ofSeconds(120), SCAN_EXITS, c, fixed,
                        summary, "scan", pid, "--timeout", "60s");
                Path dump = command(name, "after.dump", "dump-after", Duration.ofSeconds(120), SCAN_EXITS, c, fixed,
                        summary, "scan", pid, "--heap-dump", "--yes");
                if (damaged) {
                    // a dump is read whole at memory speed; over JDWP a map of 100k+ entries may outlast --timeout,
                    // and then the report must say it was read only in part
                    assertTrue(provedOnLibraryMap(dump, c), name + ": the driver's check found " + c.mapField()
                            + " damaged, the dump scan did not; check:\n" + checkLines(checks) + "\nreport: "
                            + Files.readString(dump));
                    assertTrue(provedOnLibraryMap(after, c) || readInPart(after), name + ": the driver's check found "
                            + c.mapField() + " damaged, the scan did not, though it read every map; check:\n"
                            + checkLines(checks) + "\nreport: " + Files.readString(after));
                }
            } finally {
                // SIGTERM: the driver exits through its shutdown hooks, which write the flight recording
                driver.destroy();
                CorpusRun.awaitDriver(name, driver, Duration.ofSeconds(DRIVER_SECONDS + LINGER_SECONDS + 60));
            }
            command(name, "analyze", "analyze", Duration.ofSeconds(120), ANALYZE_EXITS, c, fixed, summary, "analyze",
                    jfr.toString());
            if (!fixed) {
                summary.add(fixedLive(c, CorpusRun.RESULTS.resolve(name + ".watch.json")));
            }
            Files.write(CorpusRun.RESULTS.resolve("summary.tsv"), summary, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /**
     * The racy release once more, fixed live while its workers race: {@code fix --from} the first run's watch
     * report, {@code --unstick} for workers already looping in a corrupted map. The driver's own checks at its end
     * must then find every map intact: the corruption stopped with the fix. Returns a summary line.
     */
    private static String fixedLive(Case c, Path watchReport) throws IOException, InterruptedException {
        String name = c.driver() + "@" + c.racy() + ".fixrun";
        Process driver = CorpusRun.startDriver(name, c.driver(), c.racy(), c.fixRunSeconds(), 0,
                List.of(CorpusRun.JDWP));
        try {
            Thread.sleep(2000); // the race under way, its users at the barrier's methods
            CorpusRun.Done fix = CorpusRun.maprace(name + ".fix", Duration.ofSeconds(120), "fix",
                    Long.toString(driver.pid()), "--from", watchReport.toString(), "--yes", "--unstick", "-q",
                    "--records", CorpusRun.RESULTS.resolve(name + ".records").toString());
            String context = name + ": fix exit " + fix.exit() + "\nstdout:\n" + fix.out() + "\nstderr:\n" + fix.err();
            assertEquals(0, fix.exit(), context);
            assertTrue(fix.out().contains("Fixed: threads that use the map held"), context);
            String checks = CorpusRun.awaitDriver(name, driver, Duration.ofSeconds(c.fixRunSeconds() + 60));
            List<String> lines = checks.lines().filter(l -> l.startsWith("corpus-check ")).toList();
            assertFalse(lines.isEmpty(), name + ": no checks; output:\n" + checks);
            for (String l : lines) {
                assertTrue(l.contains(" damaged=false "), name + ": damaged after the fix: " + l + "\n" + context);
            }
            List<String> held = fix.out().lines().filter(l -> l.startsWith("Fixed:"))
                    .map(l -> l.replaceAll(".* held (\\d+) ms.*", "$1 ms")).toList();
            return name + "\tfix\texit=0 fixed=" + held.size() + " held=" + held + "\t" + checkLines(checks);
        } finally {
            driver.destroyForcibly();
            driver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs {@code maprace ARGS} with a JSON report {@code NAME.SUFFIX.json}, checks it as {@link #reported} does and
     * adds its summary line; returns the report.
     */
    private static Path command(String name, String suffix, String label, Duration limit, Set<Integer> exits, Case c,
                                boolean fixed, List<String> summary, String... args)
            throws IOException, InterruptedException {
        Path report = CorpusRun.RESULTS.resolve(name + "." + suffix + ".json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json", "-o", report.toString(), "-q"));
        CorpusRun.Done done = CorpusRun.maprace(name + "." + suffix, limit, all.toArray(String[]::new));
        summary.add(reported(name, label, done, report, exits, c, fixed));
        return report;
    }

    /**
     * Asserts that a command wrote its report (exit code among {@code exits}, no internal error, a JSON report) and,
     * on a fixed release, that no finding names the library's map as corrupted or racy; returns a summary line.
     */
    private static String reported(String name, String command, CorpusRun.Done run, Path report, Set<Integer> exits,
                                   Case c, boolean fixed) throws IOException {
        String context = name + " " + command + ": exit " + run.exit() + ", stderr:\n" + run.err();
        assertFalse(run.err().contains("internal error"), context);
        assertTrue(exits.contains(run.exit()), context);
        assertTrue(Files.isRegularFile(report) && Files.size(report) > 0, "no report written; " + context);
        JsonNode findings = JSON.readTree(report.toFile()).path("findings");
        List<String> found = new ArrayList<>();
        for (JsonNode f : findings) {
            String kind = f.path("kind").asText();
            String severity = f.path("severity").asText();
            String map = f.path("map").toString();
            found.add(kind + "/" + severity + (map.contains(c.mapField()) ? "@library-map" : ""));
            if (fixed && map.contains(c.mapField())) {
                assertFalse(kind.equals("corrupted-map") || kind.equals("unsafe-writes")
                                || (!severity.equals("candidate") && !kind.equals("shared-map")),
                        name + " " + command + " reports the fixed release's map: " + f);
            }
        }
        return name + "\t" + command + "\texit=" + run.exit() + "\t" + (found.isEmpty() ? "none" : found);
    }

    /**
     * Whether a report has a proven or likely finding of the race on the library's map: unsafe writes seen, or the
     * damage the race left (scan; watch's integrity checks at arming and at the end).
     */
    private static boolean provedOnLibraryMap(Path watch, Case c) throws IOException {
        for (JsonNode f : JSON.readTree(watch.toFile()).path("findings")) {
            String kind = f.path("kind").asText();
            if ((kind.equals("unsafe-writes") || kind.equals("corrupted-map"))
                    && f.path("map").toString().contains(c.mapField())
                    && !f.path("severity").asText().equals("candidate")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a scan report says it did not read every entry of every map it met (its time or a limit ran out). */
    private static boolean readInPart(Path scan) throws IOException {
        JsonNode stats = JSON.readTree(scan.toFile()).path("source").path("stats");
        return stats.path("mapsPartlyRead").asInt() > 0 || !stats.path("cutBy").asText("none").equals("none");
    }

    private static String checkLines(String driverOut) {
        return String.join(" | ", driverOut.lines().filter(l -> l.startsWith("corpus-")).toList());
    }
}
