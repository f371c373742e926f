package io.maprace.probe.watch;

import io.maprace.findings.WatchStats;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.HeldLock;
import io.maprace.findings.MapVerdict;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watch on a JDK 25 target, where {@code ReentrantReadWriteLock} counts its holds in a long
 * ({@code AbstractQueuedLongSynchronizer}): read holds must still be seen as shared, write holds as exclusive.
 */
@EnabledIf("newJdkInstalled")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NewJdkWatchTest {

    static boolean newJdkInstalled() {
        return ChildJvm.newJdk() != null;
    }

    private static TargetProcess start(String sample) throws Exception {
        return TargetProcess.start(ChildJvm.newJdk(), Class.forName(Catalog.require(sample).mainClass()),
                "--seconds", "120", "--threads", "3");
    }

    @Test
    void readLockedLruIsProvenWithTheSharedReadLockOnBothSides() throws Exception {
        Catalog.Sample sample = Catalog.require("read-locked-lru");
        try (TargetProcess target = start(sample.name())) {
            Report report = WatchEndToEndTest.watch(target, WatchEndToEndTest.options(target,
                    List.of(sample.mapPath().orElseThrow()), Duration.ofSeconds(10)).withStopOnProof(true));
            Finding f = report.findings().get(0);
            assertEquals(Severity.PROVEN, f.severity());
            Evidence.Overlap proof = f.evidence().stream().filter(e -> e instanceof Evidence.Overlap)
                    .map(e -> (Evidence.Overlap) e).findFirst().orElseThrow();
            for (Evidence.ObservedWrite side : List.of(proof.held(), proof.entered())) {
                // get() runs under the read lock, put() under the write lock: either way a lock is seen.
                if (side.operation().contains("access order")) {
                    assertTrue(side.locks().stream().anyMatch(l -> l.mode() == HeldLock.Mode.SHARED
                            && l.lockClass().endsWith("ReentrantReadWriteLock")), side.locks()::toString);
                } else {
                    assertTrue(side.locks().stream().anyMatch(l -> l.mode() == HeldLock.Mode.EXCLUSIVE),
                            side.locks()::toString);
                }
            }
        }
    }

    @Test
    void writesUnderTheWriteLockAreCleared() throws Exception {
        Catalog.Sample sample = Catalog.require("write-lock-writers");
        try (TargetProcess target = start(sample.name())) {
            Report report = WatchEndToEndTest.watch(target, WatchEndToEndTest.options(target,
                    List.of(sample.mapPath().orElseThrow()), Duration.ofSeconds(3)));
            assertEquals(List.of(), report.findings());
            List<MapVerdict> verdicts = ((WatchStats) report.source().stats()).mapVerdicts();
            assertTrue(verdicts.stream().anyMatch(v -> v.safe() && v.reason().startsWith("every write held")
                    && v.reason().contains("ReentrantReadWriteLock")), verdicts::toString);
        }
    }
}
