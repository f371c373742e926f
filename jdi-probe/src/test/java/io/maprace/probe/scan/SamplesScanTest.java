package io.maprace.probe.scan;

import io.maprace.events.ScannedMap;
import io.maprace.heap.ScanOptions;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import io.maprace.findings.Severity;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.JdwpStatus;
import io.maprace.probe.target.JvmDescriptor;
import io.maprace.probe.target.LocalJvms;
import io.maprace.probe.target.TargetSpec;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples module's programs as targets, with the paths its {@link Catalog} gives: damaged maps proven, their
 * healthy controls clean, each race's map reported, each fixed twin's map not reported.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SamplesScanTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ScanResult scan(ChildJvm sample) {
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(sample.pid()), WAIT, Progress.NONE)) {
            return session.scan(ScanOptions.defaults().withTimeout(WAIT), Progress.NONE);
        }
    }

    /** The maps whose path (element steps as [*]) is the catalog's. */
    private static List<ScannedMap> at(ScanResult r, String catalogPath) {
        return r.maps().stream().filter(m -> io.maprace.findings.MapRef.pathPattern(m.map().path()).equals(catalogPath)).toList();
    }

    @Test
    void corruptedMapsSampleEveryDamageProvenEveryControlClean() throws Exception {
        Catalog.Sample sample = Catalog.require("corrupted-maps");
        ScanResult r;
        try (ChildJvm jvm = ChildJvm.startSample(sample, true, "--seconds", "0")) {
            JvmDescriptor d = LocalJvms.list(List.of(jvm.pid()), WAIT).get(0);
            assertEquals(sample.mainClass(), d.mainClass());
            assertEquals(JdwpStatus.State.LISTENING, d.jdwp().state());
            r = scan(jvm);
        }
        for (String path : sample.mapPaths(Catalog.MapRole.SUBJECT)) {
            List<ScannedMap> found = at(r, path);
            assertEquals(1, found.size(), () -> path + " not found in " + r.maps().stream().map(m -> m.map().path())
                    .toList());
            assertEquals(Severity.PROVEN, found.get(0).damage(), () -> path + ": " + found.get(0).confirmation());
            assertFalse(found.get(0).defects().isEmpty());
        }
        for (String path : sample.mapPaths(Catalog.MapRole.CONTROL)) {
            List<ScannedMap> found = at(r, path);
            assertEquals(1, found.size(), path);
            assertNull(found.get(0).damage(), () -> path + " reported damaged: " + found.get(0).defects());
        }
        assertEquals(sample.mapPaths(Catalog.MapRole.SUBJECT).size(),
                r.maps().stream().filter(ScannedMap::corrupted).count());
    }

    /** Each race's subject map is reported (shared, or already corrupted), its fixed twin's is not. */
    @ParameterizedTest
    @ValueSource(strings = {"factory-cache", "read-locked-lru", "weak-key-cache", "registry-inner-maps",
            "in-progress-set", "hidden-inner-map"})
    void aRaceIsReportedAndItsFixedTwinIsNot(String name) throws Exception {
        Catalog.Sample race = Catalog.require(name);
        String subject = race.mapPath().orElseThrow();
        ScanResult r;
        try (ChildJvm jvm = ChildJvm.startSample(race, true, "--seconds", "0", "--threads", "2", "--quiet")) {
            r = scan(jvm);
        }
        List<ScannedMap> found = at(r, subject);
        assertFalse(found.isEmpty(), () -> subject + " not found in " + r.maps().stream().map(m -> m.map().path())
                .toList());
        assertTrue(found.stream().anyMatch(m -> m.shared() || m.corrupted()), () -> subject + ": " + found);

        Catalog.Sample fixed = Catalog.require(race.twin().orElseThrow());
        ScanResult t;
        try (ChildJvm jvm = ChildJvm.startSample(fixed, true, "--seconds", "0", "--threads", "2", "--quiet")) {
            t = scan(jvm);
        }
        assertTrue(t.maps().stream().noneMatch(ScannedMap::corrupted), () -> fixed.name() + ": " + t.maps());
        for (String path : fixed.mapPaths(Catalog.MapRole.SUBJECT)) {
            for (ScannedMap m : at(t, path)) {
                assertTrue(!m.shared() || m.wrapped(), () -> fixed.name() + " reports " + m.map().path());
            }
        }
    }

    @Test
    void aSampleWithoutJdwpPsAndScan() throws Exception {
        Catalog.Sample sample = Catalog.require("concurrent-map-writers");
        try (ChildJvm jvm = ChildJvm.startSample(sample, false, "--seconds", "0", "--threads", "1", "--quiet")) {
            JvmDescriptor d = LocalJvms.list(List.of(jvm.pid()), WAIT).get(0);
            assertEquals(sample.mainClass(), d.mainClass());
            assertNotNull(d.jdwp());
            assertEquals(JdwpStatus.State.ABSENT, d.jdwp().state());
            MapraceException e = assertThrows(MapraceException.class,
                    () -> Attacher.attach(new TargetSpec.Pid(jvm.pid()), WAIT, Progress.NONE));
            assertEquals(Problem.NO_JDWP, e.problem());
        }
    }
}
