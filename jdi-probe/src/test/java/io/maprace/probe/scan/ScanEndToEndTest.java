package io.maprace.probe.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.events.ScannedMap;
import io.maprace.heap.ScanOptions;
import io.maprace.findings.Evidence;
import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.findings.Severity;
import io.maprace.progress.Progress;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One scan of the test target: every damaged map found with its path, the twins clean, the safe maps quiet. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScanEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String APP = CorruptedMapsTarget.class.getName();
    private static final String BROKEN = APP + "$Broken.";
    private static final String HEALTHY = APP + "$Healthy.";

    private static ChildJvm target;
    private static ScanResult result;
    private static Map<String, ScannedMap> byPath;

    @BeforeAll
    static void scanOnce() throws Exception {
        List<String> args = new ArrayList<>(ChildJvm.OPENS);
        args.add(ChildJvm.JDWP);
        target = ChildJvm.start(ChildJvm.currentJavaHome(), args, CorruptedMapsTarget.classpath(), APP);
        target.awaitLine("ready pid=", WAIT);
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
            result = session.scan(ScanOptions.defaults().withTimeout(Duration.ofSeconds(30)), Progress.NONE);
        }
        byPath = result.maps().stream().collect(Collectors.toMap(m -> m.map().path(), Function.identity(),
                (a, b) -> a));
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    private static ScannedMap map(String path) {
        ScannedMap m = byPath.get(path);
        assertNotNull(m, () -> "no map at " + path + "; found " + byPath.keySet());
        return m;
    }

    private static Set<String> checks(ScannedMap m) {
        return m.defects().stream().map(Evidence.Corruption::check).collect(Collectors.toSet());
    }

    private static void assertDamaged(String field, Severity severity, String... expected) {
        ScannedMap m = map(BROKEN + field);
        assertEquals(severity, m.damage(), () -> field + ": " + m.confirmation() + " " + m.defects());
        assertTrue(checks(m).containsAll(Set.of(expected)), () -> field + ": " + m.defects());
    }

    @Test
    void everyDamagedMapIsProvenWithItsPathAndWhatIsBroken() {
        assertDamaged("BIN_CYCLE", Severity.PROVEN, "bin-cycle");
        assertDamaged("WRONG_SIZE", Severity.PROVEN, "size-mismatch");
        assertDamaged("WRONG_BUCKET", Severity.PROVEN, "wrong-bucket");
        assertDamaged("TREE_BIN", Severity.PROVEN, "tree-root-color", "tree-parent-link");
        assertDamaged("LRU_LOOP", Severity.PROVEN, "order-cycle");
        assertDamaged("LRU_CUT", Severity.PROVEN, "order-tail", "order-missing");
        assertDamaged("WEAK_LEAK", Severity.PROVEN, "stale-entry-leaked");
        assertDamaged("IDENTITY_FULL", Severity.PROVEN, "table-full");
        assertDamaged("TREE_LOOP", Severity.PROVEN, "tree-cycle");
        assertDamaged("NEGATIVE_SET", Severity.PROVEN, "negative-size");
        ScannedMap lru = map(BROKEN + "LRU_LOOP");
        assertTrue(lru.accessOrder());
        assertEquals(APP + "$Broken", lru.map().owner());
        assertEquals("LRU_LOOP", lru.map().field());
        assertEquals(io.maprace.model.MapFamily.HASH_SET, map(BROKEN + "NEGATIVE_SET").kind());
    }

    @Test
    void damageOnAMapBeingWrittenIsConfirmedWithABriefBoundedHold() {
        ScannedMap hot = map(BROKEN + "HOT_WRONG_SIZE");
        assertEquals(Severity.PROVEN, hot.damage(), hot::confirmation);
        assertTrue(hot.confirmation().contains("held"), hot.confirmation());
        assertTrue(result.stats().suspensions() >= 1);
        assertTrue(result.stats().longestPauseMillis() > 0);
        assertTrue(result.stats().longestPauseMillis() < ScanOptions.defaults().maxPause().toMillis() + 50,
                "pause " + result.stats().longestPauseMillis());
    }

    @Test
    void healthyTwinsAreNotReported() {
        for (String f : List.of("BIN_OF_THREE", "PLAIN", "TREE_BIN", "LRU", "WEAK", "IDENTITY", "TREE", "SET", "HOT")) {
            ScannedMap m = map(HEALTHY + f);
            assertNull(m.damage(), () -> f + " reported damaged: " + m.defects() + " " + m.confirmation());
            assertTrue(m.shared(), f);
        }
        assertEquals(11, result.maps().stream().filter(ScannedMap::corrupted).count(),
                () -> result.maps().stream().filter(ScannedMap::corrupted).map(m -> m.map().path()).toList().toString());
    }

    @Test
    void aMapWrittenDuringTheScanRanksAboveIdleTwins() {
        ScannedMap hot = map(HEALTHY + "HOT");
        assertTrue(hot.writes() > 0, "writes " + hot.writes());
        assertTrue(hot.score() > map(HEALTHY + "PLAIN").score());
    }

    @Test
    void threadSafeHoldersAreNotReportedAsUnsafe() {
        for (ScannedMap m : result.maps()) {
            if (m.map().path().startsWith(APP + "$Safe.")) {
                assertFalse(m.shared(), m.map().path());
                assertTrue(m.guarded(), m.map().path());
            }
        }
        assertTrue(byPath.containsKey(APP + "$Safe.SYNCHRONIZED.m"), "the map inside synchronizedMap is checked");
        ScannedMap counts = map(APP + "$Counter.INSTANCE.counts");
        assertTrue(counts.guarded() && !counts.shared(), "every method of its holder is synchronized");
        assertTrue(byPath.containsKey(APP + "$Safe.READ_ONLY.m"), "the map behind unmodifiableMap is checked");
    }

    @Test
    void mapsInsideRegistriesCustomMapsAndThreadSharedState() {
        List<ScannedMap> tenants = result.maps().stream()
                .filter(m -> m.map().path().equals(APP + "$Registry.INSTANCE.tenants{value}.cache")).toList();
        assertEquals(3, tenants.size(), byPath.keySet()::toString);
        assertTrue(tenants.stream().allMatch(ScannedMap::shared));
        assertEquals("cache", tenants.get(0).map().field());
        assertTrue(map(APP + "$WrappingMap.INSTANCE.inner").shared());

        ScannedMap inProgress = result.maps().stream().filter(m -> m.map().path().endsWith(".shared.inProgress"))
                .findFirst().orElseThrow(() -> new AssertionError(byPath.keySet().toString()));
        assertTrue(inProgress.shared());
        assertEquals(Set.of("ctx-worker-1", "ctx-worker-2"), Set.copyOf(inProgress.threads()));
        assertTrue(inProgress.root().startsWith("Thread[ctx-worker-"), inProgress.root());
        List<ScannedMap> own = result.maps().stream().filter(m -> m.map().path().endsWith(".target.own")).toList();
        assertEquals(2, own.size(), byPath.keySet()::toString);
        assertTrue(own.stream().noneMatch(ScannedMap::shared), "a map one thread keeps to itself is not shared");
    }

    @Test
    void theReportHasOneProvenFindingPerDamagedMapAndNoKeys() throws Exception {
        Report report = result.report("maprace test", 20);
        String json = ReportJson.mapper().writeValueAsString(report);
        JsonNode root = ReportJson.mapper().readTree(json);
        assertEquals("scan", root.path("source").path("kind").asText());
        assertEquals("none", root.path("source").path("stats").path("cutBy").asText());
        int corrupted = 0;
        for (JsonNode f : root.path("findings")) {
            if (f.path("kind").asText().equals("corrupted-map")) {
                corrupted++;
                assertEquals("proven", f.path("severity").asText());
                assertTrue(f.path("map").path("path").asText().startsWith(BROKEN), f.toString());
                assertTrue(f.path("evidence").get(0).path("type").asText().equals("corruption"));
            } else {
                assertEquals("shared-map", f.path("kind").asText());
                assertEquals("candidate", f.path("severity").asText());
                assertFalse(f.path("map").path("path").asText().contains("$Safe."), f.toString());
            }
        }
        assertEquals(11, corrupted);
        assertFalse(json.contains("tenant-0"), "keys are not printed without --show-values");
        assertFalse(json.contains("key-1"), "keys are not printed without --show-values");
    }

    @Test
    void aHeapWalkFindsADamagedMapThatOnlyAStackHolds() {
        ScanResult walked;
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
            walked = session.scan(ScanOptions.defaults().withHeapWalk(true), Progress.NONE);
        }
        assertTrue(walked.stats().heapWalk());
        assertTrue(walked.stats().longestPauseMillis() > 0, "a heap walk stops the target: it is measured");
        List<ScannedMap> unreached = walked.maps().stream().filter(m -> m.root().startsWith("(")).toList();
        assertTrue(unreached.stream().anyMatch(m -> m.damage() == Severity.PROVEN
                && m.defects().stream().anyMatch(d -> d.check().equals("bin-cycle"))), unreached::toString);
        assertTrue(unreached.stream().noneMatch(ScannedMap::shared));
        assertTrue(result.maps().stream().noneMatch(m -> m.root().startsWith("(")), "no heap walk unless asked");
        assertTrue(walked.warnings().stream().anyMatch(w -> w.code().equals("heap-walk")));
        // The heap walk makes this tool collect its mirrors between a defect's first read and its confirmation:
        // the target's agent then names the same entries by new ids, which must not hide the damage.
        assertEquals(12, walked.maps().stream().filter(ScannedMap::corrupted).count(), () -> walked.maps().stream()
                .filter(m -> m.confirmation() != null).map(m -> m.map().path() + ": " + m.confirmation()).toList()
                .toString());
    }

    @Test
    void keysAppearOnlyWhenAsked() throws Exception {
        ScanResult shown;
        try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), WAIT, Progress.NONE)) {
            shown = session.scan(ScanOptions.defaults().withShowValues(true).withMaxPause(Duration.ZERO),
                    Progress.NONE);
        }
        assertTrue(shown.maps().stream().anyMatch(m -> m.map().path()
                .equals(APP + "$Registry.INSTANCE.tenants{\"tenant-0\"}.cache")), () -> shown.maps().stream()
                .map(m -> m.map().path()).toList().toString());
        assertEquals(0, shown.stats().suspensions(), "--max-pause 0 never holds the target");
        ScannedMap hot = shown.maps().stream().filter(m -> m.map().path().equals(BROKEN + "HOT_WRONG_SIZE"))
                .findFirst().orElseThrow();
        assertEquals(Severity.LIKELY, hot.damage(),
                () -> "without a hold, damage on a map being written stays likely: " + hot.confirmation());
    }
}
