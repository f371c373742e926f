package io.maprace.probe.watch;

import io.maprace.findings.WatchStats;
import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapVerdict;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.samples.Catalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample of the catalog, run with JDWP and watched on its maps: each race proven on the right map, at its
 * write sites, by its worker threads; every fixed twin, correct program and bystander map cleared.
 */
class SampleWatchTest {

    static Stream<Catalog.Sample> races() {
        return Catalog.all().stream().filter(s -> s.kind() == Catalog.Kind.RACE);
    }

    /** Correct ways to share a map, with the map to watch: fixed twins, correct programs, bystander maps. */
    static Stream<Object[]> correct() {
        Stream<Object[]> twins = Catalog.all().stream()
                .filter(s -> s.kind() == Catalog.Kind.FIXED || s.kind() == Catalog.Kind.CORRECT)
                .filter(s -> s.mapPath().isPresent())
                .map(s -> new Object[]{s.name(), s.mapPath().get()});
        Stream<Object[]> bystanders = races().flatMap(s -> s.mapPaths(Catalog.MapRole.BYSTANDER).stream()
                .map(p -> new Object[]{s.name(), p}));
        return Stream.concat(twins, bystanders);
    }

    static TargetProcess start(Catalog.Sample sample) throws Exception {
        return TargetProcess.start(Class.forName(sample.mainClass()), "--seconds", "120", "--threads", "3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("races")
    void raceIsProven(Catalog.Sample sample) throws Exception {
        String path = sample.mapPath().orElseThrow();
        try (TargetProcess target = start(sample)) {
            Report report = WatchEndToEndTest.watch(target,
                    WatchEndToEndTest.options(target, List.of(path), Duration.ofSeconds(10)).withStopOnProof(true));
            // One race finding; the race may also have broken the map already, which the watch's integrity check
            // reports as a corrupted-map finding on the same map.
            List<Finding> races = report.findings().stream().filter(x -> x.kind() != FindingKind.CORRUPTED_MAP)
                    .toList();
            assertEquals(1, races.size(), () -> "findings: " + report.findings());
            assertTrue(report.findings().stream().allMatch(x -> path.equals(x.map().path())),
                    () -> "findings: " + report.findings());
            Finding f = races.get(0);
            assertEquals(FindingKind.UNSAFE_WRITES, f.kind());
            assertEquals(Severity.PROVEN, f.severity());
            assertEquals(path, f.map().path());

            Set<String> writeSites = Set.copyOf(sample.writeSites());
            Set<String> siteClasses = sample.sites().stream().map(Catalog.Site::className).collect(Collectors.toSet());
            List<String> methods = f.sites().stream().map(SampleWatchTest::method).toList();
            assertTrue(methods.stream().anyMatch(writeSites::contains), () -> methods + " vs " + writeSites);
            assertTrue(methods.stream().allMatch(m -> siteClasses.contains(m.substring(0, m.lastIndexOf('.')))),
                    () -> methods + " outside " + siteClasses);

            Evidence.Overlap proof = f.evidence().stream().filter(e -> e instanceof Evidence.Overlap)
                    .map(e -> (Evidence.Overlap) e).findFirst().orElseThrow();
            assertNotEquals(proof.held().thread(), proof.entered().thread());
            assertFalse(proof.held().stack().isEmpty());
            assertFalse(proof.entered().stack().isEmpty());
            assertTrue(f.threads().stream().map(ThreadRef::name).filter(n -> n.startsWith(sample.threadPrefix() + "-"))
                    .count() >= 1, f.threads()::toString);
            assertTrue(((WatchStats) report.source().stats()).firstProofMillis() < 10_000);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("correct")
    void correctSharingIsCleared(String name, String path) throws Exception {
        try (TargetProcess target = start(Catalog.require(name))) {
            Report report = WatchEndToEndTest.watch(target,
                    WatchEndToEndTest.options(target, List.of(path), Duration.ofSeconds(3)));
            assertEquals(List.of(), report.findings());
            List<MapVerdict> verdicts = ((WatchStats) report.source().stats()).mapVerdicts();
            boolean notWatched = report.warnings().stream().anyMatch(w -> w.code().equals("thread-safe-map")
                    || w.code().equals("no-write-sites"));
            // Either it was watched, written, and found safe; or it needs no watching (thread-safe, or written
            // only inside a synchronized wrapper) and the report says why.
            assertTrue(notWatched || verdicts.stream().anyMatch(MapVerdict::safe),
                    () -> verdicts + " " + report.warnings());
            assertTrue(verdicts.stream().allMatch(MapVerdict::safe), verdicts::toString);
        }
    }

    /** {@code pkg.Class.method(File.java:12)} to {@code pkg.Class.method}. */
    private static String method(String site) {
        return site.substring(0, site.indexOf('('));
    }
}
