package io.maprace.probe.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.events.ScannedMap;
import io.maprace.findings.ReportJson;
import io.maprace.findings.Severity;
import io.maprace.findings.Warning;
import io.maprace.findings.WarningCode;
import io.maprace.heap.ScanOptions;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.CorruptedMapsJvm;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.testkit.ChildJvm;
import io.maprace.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target that exits in the middle of a scan: no hang, and a report of what was read, the damaged maps already
 * checked included (as candidates: the target is gone before they could be read again).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScanTargetExitTest {

    private static final String BIN_CYCLE = CorruptedMapsTarget.class.getName() + "$Broken.BIN_CYCLE";

    @Test
    void theTargetExitsMidWalkAndTheScanReportsWhatItRead() throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (ChildJvm target = CorruptedMapsJvm.start("--maps", "300000")) {
            PastTheRoots progress = new PastTheRoots();
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), Duration.ofSeconds(20),
                    Progress.NONE)) {
                Future<ScanResult> scan = runner.submit(() -> session.scan(
                        ScanOptions.defaults().withTimeout(Duration.ofMinutes(2)), progress));
                // Every map a static field holds is checked; the 300,000 maps of the array take minutes more.
                assertTrue(progress.await(Duration.ofSeconds(60)), "the walk never went past its roots");
                target.kill();
                ScanResult result = scan.get(30, TimeUnit.SECONDS);

                assertEquals("target-exited", result.stats().cutBy());
                assertEquals("statics", result.stats().cutDuring());
                Warning exited = result.warnings().stream().filter(w -> w.code().equals(WarningCode.TARGET_EXITED.code()))
                        .findFirst().orElse(null);
                assertNotNull(exited, () -> "no target-exited warning: " + result.warnings());
                assertTrue(exited.message().contains("exited") && exited.message().contains("report covers"),
                        exited.message());

                ScannedMap cycle = result.maps().stream().filter(m -> m.map().path().equals(BIN_CYCLE)).findFirst()
                        .orElse(null);
                assertNotNull(cycle, "the damaged map read before the exit is not in the result");
                assertEquals(Severity.CANDIDATE, cycle.damage(), cycle::toString);
                assertTrue(cycle.defects().stream().anyMatch(d -> d.check().equals("bin-cycle")), cycle::toString);
                assertTrue(cycle.confirmation().contains("the target exited before it was read again"),
                        cycle.confirmation());
                assertTrue(result.stats().mapsUnconfirmed() >= 1, result.stats()::toString);

                JsonNode report = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(
                        result.report("maprace test", 5)));
                assertEquals("target-exited", report.path("source").path("stats").path("cutBy").asText());
                boolean reported = false;
                for (JsonNode f : report.path("findings")) {
                    reported |= f.path("kind").asText().equals("corrupted-map")
                            && f.path("map").path("path").asText().equals(BIN_CYCLE)
                            && f.path("severity").asText().equals("candidate");
                }
                assertTrue(reported, report.path("findings")::toString);
            }
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void theTargetExitsInsideALargeMapAndTheEntriesReadAreReported() throws Exception {
        String large = CorruptedMapsTarget.class.getName() + "$Large.MAP";
        int entries = 400_000;
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (ChildJvm target = CorruptedMapsJvm.start("--big", Integer.toString(entries))) {
            PastTheRoots progress = new PastTheRoots();
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), Duration.ofSeconds(20),
                    Progress.NONE)) {
                Future<ScanResult> scan = runner.submit(() -> session.scan(
                        ScanOptions.defaults().withTimeout(Duration.ofMinutes(2)), progress));
                // 400,000 entries are two requests each: the walk is inside the map for a minute; 2 s in, it is
                // there whatever the load.
                assertTrue(progress.awaitWalking(Duration.ofSeconds(60)), "the walk never started");
                Thread.sleep(2000);
                target.kill();
                ScanResult result = scan.get(30, TimeUnit.SECONDS);
                assertEquals("target-exited", result.stats().cutBy());
                ScannedMap map = result.maps().stream().filter(m -> m.map().path().equals(large)).findFirst()
                        .orElse(null);
                assertNotNull(map, "the large map is not in the result");
                assertTrue(map.partlyRead() && map.entriesRead() < entries, map::toString);
                assertEquals(entries, map.size(), map::toString);
                assertTrue(result.stats().mapsPartlyRead() >= 1, result.stats()::toString);
            }
        } finally {
            runner.shutdownNow();
        }
    }
}
