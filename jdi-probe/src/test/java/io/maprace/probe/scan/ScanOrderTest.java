package io.maprace.probe.scan;

import io.maprace.events.ScannedMap;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What matters first: a damaged map held by fields, two objects away from its static field, is checked before the
 * long tail of 300,000 small maps in one static array, though the array is nearer to the roots. The scan's time
 * cannot cover the array (its maps take minutes to read), so only the order gets the deep map checked.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScanOrderTest {

    private static final String DEEP = CorruptedMapsTarget.class.getName() + ".deep.inner.cache";

    @Test
    void mapsHeldByFieldsAreCheckedBeforeTheElementsOfAHugeArray() throws Exception {
        try (ChildJvm target = CorruptedMapsJvm.start("--maps", "300000", "--deep", "1")) {
            ScanResult result;
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), Duration.ofSeconds(20),
                    Progress.NONE)) {
                result = session.scan(ScanOptions.defaults().withTimeout(Duration.ofSeconds(10))
                        .withLimit(Long.MAX_VALUE), Progress.NONE);
            }
            assertEquals("timeout", result.stats().cutBy(), result.stats()::toString);
            assertTrue(result.stats().mapsFound() < 300_000, result.stats()::toString);
            ScannedMap deep = result.maps().stream().filter(m -> m.map().path().equals(DEEP)).findFirst()
                    .orElse(null);
            assertNotNull(deep, "the deep map was not reached before the timeout");
            assertTrue(deep.corrupted(), deep::toString);
            assertTrue(deep.defects().stream().anyMatch(d -> d.check().equals("bin-cycle")), deep::toString);
        }
    }

    @Test
    void aLargeMapDoesNotHoldBackTheSmallMapsMetBesideIt() throws Exception {
        String crowd = CorruptedMapsTarget.class.getName() + ".crowd.";
        try (ChildJvm target = CorruptedMapsJvm.start("--crowd", "400000")) {
            ScanResult result;
            try (AttachedVm session = Attacher.attach(new TargetSpec.Pid(target.pid()), Duration.ofSeconds(20),
                    Progress.NONE)) {
                // The large map alone takes a minute to read: the scan ends inside it.
                result = session.scan(ScanOptions.defaults().withTimeout(Duration.ofSeconds(5))
                        .withLimit(Long.MAX_VALUE), Progress.NONE);
            }
            assertEquals("timeout", result.stats().cutBy(), result.stats()::toString);
            for (String field : List.of("cycle", "wrongSize")) {
                ScannedMap m = result.maps().stream().filter(s -> s.map().path().equals(crowd + field)).findFirst()
                        .orElse(null);
                assertNotNull(m, () -> crowd + field + " not met: " + result.maps());
                assertTrue(m.corrupted(), m::toString);
            }
            ScannedMap large = result.maps().stream().filter(s -> s.map().path().equals(crowd + "large"))
                    .findFirst().orElse(null);
            assertNotNull(large, "the large map was not met");
            assertTrue(large.partlyRead(), large::toString);
        }
    }
}
