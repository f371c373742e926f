package io.maprace.heapdump.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.heap.ScanOptions;
import io.maprace.heapdump.DumpFile;
import io.maprace.heapdump.Dumps;
import io.maprace.testkit.ChildJvm;
import io.maprace.progress.Progress;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples module's programs, started without JDWP, dumped by the JDK ({@code jcmd GC.heap_dump}) after they
 * ran, and their dumps scanned: what the live scan finds in them (SamplesScanTest in jdi-probe), found in the dump.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DumpSamplesTest {

    /**
     * Fixed twins whose map is guarded only by its holder's synchronized methods: the live scan reads the methods
     * through JDWP; a heap dump has none, so the dump scan cannot clear the map (its report says so).
     */
    private static final java.util.Set<String> GUARDED_BY_SYNCHRONIZED_METHODS = java.util.Set.of(
            "hidden-inner-map-fixed");

    @TempDir
    Path dir;

    private DumpScanResult dumpAndScan(Catalog.Sample sample, boolean ran, String... args) throws Exception {
        Path file = dir.resolve(sample.name() + ".hprof");
        try (ChildJvm jvm = ChildJvm.startSample(sample, false, args)) {
            if (ran) {
                // a race sample: dump once its writers have run a while
                assertTrue(jvm.awaitLines(lines -> lines.stream().anyMatch(l -> l.startsWith("progress ")),
                        Duration.ofSeconds(30)), () -> sample.name() + " printed no progress: " + jvm.lines());
            }
            Dumps.jcmdDump(jvm.pid(), file);
        }
        return scan(file);
    }

    /** A whole scan of the dump {@code file}: no object limit, a minute at most. */
    static DumpScanResult scan(Path file) throws Exception {
        try (DumpFile d = DumpFile.open(file)) {
            return DumpScanner.scan(d.dump(), "heap dump " + file, ScanOptions.defaults()
                    .withLimit(Long.MAX_VALUE).withTimeout(Duration.ofSeconds(60)), Progress.NONE, d.openMillis());
        }
    }

    private static List<ScannedMap> at(DumpScanResult r, String catalogPath) {
        return r.maps().stream().filter(m -> MapRef.pathPattern(m.map().path()).equals(catalogPath)).toList();
    }

    @Test
    void corruptedMapsSampleEveryDamageProvenEveryControlClean() throws Exception {
        Catalog.Sample sample = Catalog.require("corrupted-maps");
        everyDamageProvenEveryControlClean(sample, dumpAndScan(sample, false, "--seconds", "0"));
    }

    /** The scan of a dump of the corrupted-maps sample: each damaged map proven, each control map clean. */
    static void everyDamageProvenEveryControlClean(Catalog.Sample sample, DumpScanResult r) {
        for (String path : sample.mapPaths(Catalog.MapRole.SUBJECT)) {
            List<ScannedMap> found = at(r, path);
            assertEquals(1, found.size(), () -> path + " not found in " + r.maps().stream()
                    .map(m -> m.map().path()).filter(p -> p.contains("CorruptedMaps")).toList());
            assertEquals(Severity.PROVEN, found.get(0).damage(), () -> path + ": " + found.get(0).confirmation());
            assertEquals(DumpScanner.HOW, found.get(0).confirmation());
            assertFalse(found.get(0).defects().isEmpty());
        }
        for (String path : sample.mapPaths(Catalog.MapRole.CONTROL)) {
            List<ScannedMap> found = at(r, path);
            assertEquals(1, found.size(), path);
            assertNull(found.get(0).damage(), () -> path + " reported damaged: " + found.get(0).defects());
        }
        assertEquals(sample.mapPaths(Catalog.MapRole.SUBJECT).size(), r.corrupted(),
                () -> r.maps().stream().filter(ScannedMap::corrupted).map(m -> m.map().path()).toList().toString());
        assertEquals(0L, r.stats().readErrors());
    }

    /** Each race's subject map is reported (shared, or already corrupted) in its dump; its fixed twin's is not. */
    @ParameterizedTest
    @ValueSource(strings = {"factory-cache", "read-locked-lru", "weak-key-cache", "registry-inner-maps",
            "in-progress-set", "hidden-inner-map"})
    void aRaceIsReportedAndItsFixedTwinIsNot(String name) throws Exception {
        Catalog.Sample race = Catalog.require(name);
        String subject = race.mapPath().orElseThrow();
        DumpScanResult r = dumpAndScan(race, true, "--seconds", "0", "--threads", "2");
        List<ScannedMap> found = at(r, subject);
        assertFalse(found.isEmpty(), () -> subject + " not found in " + r.maps().stream().map(m -> m.map().path())
                .toList());
        assertTrue(found.stream().anyMatch(m -> m.shared() || m.corrupted()), () -> subject + ": " + found);

        Catalog.Sample fixed = Catalog.require(race.twin().orElseThrow());
        DumpScanResult t = dumpAndScan(fixed, true, "--seconds", "0", "--threads", "2");
        // The twin's workers write under their lock while the dump is taken: a map caught half way through a write
        // may look damaged, and the scan, seeing the writing thread's frame, says so as an unconfirmed candidate.
        // Anything more is a false alarm.
        assertTrue(t.maps().stream().noneMatch(m -> m.corrupted() && !DumpScanner.halfAWrite(m)),
                () -> fixed.name() + ": " + t.maps());
        for (String path : fixed.mapPaths(Catalog.MapRole.SUBJECT)) {
            for (ScannedMap m : at(t, path)) {
                if (GUARDED_BY_SYNCHRONIZED_METHODS.contains(fixed.name())) {
                    // a dump holds no methods: the guard is invisible, the map stays a candidate, never damaged
                    assertNull(m.damage());
                    continue;
                }
                assertTrue(!m.shared() || m.wrapped(), () -> fixed.name() + " reports " + m.map().path());
            }
        }
    }
}
