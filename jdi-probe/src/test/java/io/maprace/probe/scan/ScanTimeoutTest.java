package io.maprace.probe.scan;

import io.maprace.events.ScannedMap;
import io.maprace.findings.Finding;
import io.maprace.findings.Report;
import io.maprace.findings.WarningCode;
import io.maprace.heap.ScanOptions;
import io.maprace.probe.target.AttachedVm;
import io.maprace.probe.target.Attacher;
import io.maprace.probe.target.TargetSpec;
import io.maprace.probe.testapp.CorruptedMapsJvm;
import io.maprace.probe.testapp.CorruptedMapsTarget;
import io.maprace.progress.Progress;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --timeout is kept on one map too big to read in time: the walk stops inside it, the scan ends near its deadline
 * (its end and its confirmations within it), and the report says the map was read in part.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScanTimeoutTest {

    private static final String LARGE = CorruptedMapsTarget.class.getName() + "$Large.MAP";
    /** 400,000 entries: two JDWP requests each, about a minute of reading at the measured ~90 us a request. */
    private static final int ENTRIES = 400_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    /**
     * Past the deadline, a scan may still finish the one confirmation under way (pauses between reads of up to
     * 0.8 s, reads held at most --max-pause) and the round trips that end the scan.
     */
    private static final long SLACK_MILLIS = 3000;

    @Test
    void theTimeoutCutsTheWalkOfOneBigMapAndTheReportSaysSo() throws Exception {
        try (ChildJvm target = CorruptedMapsJvm.start("--big", Integer.toString(ENTRIES))) {
            ScanResult result;
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), Duration.ofSeconds(20),
                    Progress.NONE)) {
                long attached = System.nanoTime();
                result = session.scan(ScanOptions.defaults().withTimeout(TIMEOUT).withLimit(Long.MAX_VALUE),
                        Progress.NONE);
                long scanMillis = (System.nanoTime() - attached) / 1_000_000;
                assertTrue(scanMillis <= TIMEOUT.toMillis() + SLACK_MILLIS, "the scan took " + scanMillis
                        + " ms for --timeout " + TIMEOUT.toMillis() + " ms");
            }

            assertEquals("timeout", result.stats().cutBy());
            assertEquals("statics", result.stats().cutDuring());
            assertTrue(result.stats().elapsedMillis() <= TIMEOUT.toMillis() + SLACK_MILLIS,
                    result.stats()::toString);
            assertTrue(result.stats().mapsPartlyRead() >= 1, result.stats()::toString);
            assertTrue(result.warnings().stream().anyMatch(w -> w.code().equals(
                    WarningCode.TIME_BUDGET_EXCEEDED.code())), result.warnings()::toString);

            ScannedMap large = result.maps().stream().filter(m -> m.map().path().equals(LARGE)).findFirst()
                    .orElse(null);
            assertNotNull(large, "the large map is not in the result");
            assertEquals(ENTRIES, large.size());
            assertFalse(large.complete(), large::toString);
            assertTrue(large.entriesRead() > 0 && large.entriesRead() < ENTRIES, large::toString);
            assertTrue(large.partlyRead());

            // The maps met beside it were each checked on a thread of their own, not held back behind it.
            List<ScannedMap> beside = result.maps().stream()
                    .filter(m -> m.map().path().startsWith(CorruptedMapsTarget.class.getName() + "$Broken.")).toList();
            assertEquals(11, beside.size(), result.maps()::toString);
            assertTrue(beside.stream().noneMatch(ScannedMap::notRead), beside::toString);

            Report report = result.report("maprace test", 20);
            Finding finding = report.findings().stream().filter(f -> LARGE.equals(f.map().path())).findFirst()
                    .orElse(null);
            assertNotNull(finding, () -> "no finding for the large map: " + report.findings());
            assertTrue(finding.title().contains(large.entriesRead() + " of them read"), finding.title());
            // Still running: the scan held no thread past its end.
            target.awaitWorkProgress(Duration.ofSeconds(10));
        }
    }
}
