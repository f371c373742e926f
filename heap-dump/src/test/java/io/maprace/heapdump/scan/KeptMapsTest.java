package io.maprace.heapdump.scan;

import io.maprace.findings.Report;
import io.maprace.heap.ScanOptions;
import io.maprace.heapdump.DumpFile;
import io.maprace.heapdump.Dumps;
import io.maprace.progress.Progress;
import io.maprace.rules.ScanFindings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dump scan keeps full detail only for its leading maps and counts the others per group: its report is the
 * report of every map kept, whatever the number kept (damaged maps, groups split between kept and counted maps,
 * groups with no kept map at all).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KeptMapsTest {

    @TempDir
    Path dir;

    private Path dump(String sample, String... args) throws Exception {
        return Dumps.ofSample(dir.resolve(sample + ".hprof"), sample, args);
    }

    private static DumpScanResult scan(Path file, int kept) throws Exception {
        try (DumpFile d = DumpFile.open(file)) {
            return DumpScanner.scan(d.dump(), "heap dump " + file, ScanOptions.defaults()
                    .withLimit(Long.MAX_VALUE).withTimeout(Duration.ofSeconds(60)), Progress.NONE, d.openMillis(), kept);
        }
    }

    /** The report of {@code r} with the counters and times of {@code all}, so that only what was found differs. */
    private static Report report(DumpScanResult r, DumpScanResult all) {
        return ScanFindings.report("maprace", all.source(), all.start(), all.end(), r.maps(), r.counted(),
                all.stats(), all.warnings(), 1000);
    }

    private void sameReportWhateverIsKept(Path file, int... kepts) throws Exception {
        DumpScanResult all = scan(file, Integer.MAX_VALUE);
        assertNull(all.counted());
        Report expected = report(all, all);
        assertTrue(expected.findings().size() > 2, () -> "too few findings to compare: " + expected.findings());
        for (int kept : kepts) {
            DumpScanResult some = scan(file, kept);
            assertNotNull(some.counted(), () -> "nothing counted with " + kept + " kept");
            assertEquals(Math.max(kept, all.corrupted()), some.maps().size(), () -> kept + " kept");
            assertEquals(all.corrupted(), some.corrupted());
            assertEquals(expected, report(some, all), () -> kept + " kept");
        }
    }

    @Test
    void corruptedMapsSample() throws Exception {
        sameReportWhateverIsKept(dump("corrupted-maps", "--seconds", "0"), 0, 1, 3, 10);
    }

    @Test
    void manyMapsInGroups() throws Exception {
        sameReportWhateverIsKept(dump("busy-maps", "--seconds", "0", "--maps", "3000", "--threads", "1"),
                0, 1, 5, 100, 2500);
    }
}
