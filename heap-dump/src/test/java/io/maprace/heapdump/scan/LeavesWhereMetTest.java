package io.maprace.heapdump.scan;

import io.maprace.heap.ScanOptions;
import io.maprace.heapdump.DumpFile;
import io.maprace.heapdump.Dumps;
import io.maprace.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With every object's class at hand (a dump), the walk does not queue a visit for a primitive array or a boxed
 * number it meets: it notes its reach and counts it there. The report is the one of a walk that visits every object
 * (maps, paths, shares, damage, and the objects counted), on maps holding byte arrays and boxed numbers of their
 * own, and on the corrupted-maps sample.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LeavesWhereMetTest {

    @TempDir
    Path dir;

    private static DumpScanResult scan(DumpFile d, boolean classAtHand) {
        DumpHeap heap = new DumpHeap(d.dump(), true, classAtHand);
        return DumpScanner.scan(d.dump(), "heap dump", ScanOptions.defaults().withLimit(Long.MAX_VALUE)
                .withTimeout(Duration.ofSeconds(90)), Progress.NONE, d.openMillis(), DumpScanner.KEPT_MAPS, heap);
    }

    private void sameReport(Path file) throws Exception {
        try (DumpFile d = DumpFile.open(file)) {
            DumpScanResult visited = scan(d, false);
            DumpScanResult seen = scan(d, true);
            assertTrue(visited.stats().objectsRead() > visited.stats().mapsFound(), "too few objects to compare");
            assertEquals(InPlaceMapsTest.report(visited, visited), InPlaceMapsTest.report(seen, visited));
        }
    }

    @Test
    void mapsWithValuesOfTheirOwnSameReport() throws Exception {
        // each map holds two byte arrays of its own, and the shared boxed ones
        sameReport(Dumps.ofSample(dir.resolve("busy.hprof"), "busy-maps", "--seconds", "0", "--maps", "3000",
                "--threads", "1", "--value-bytes", "64"));
    }

    @Test
    void corruptedMapsSampleSameReport() throws Exception {
        sameReport(Dumps.ofSample(dir.resolve("corrupted.hprof"), "corrupted-maps", "--seconds", "0"));
    }
}
