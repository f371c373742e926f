package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.findings.ReportJson;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maprace scan FILE.hprof} and {@code maprace scan <pid> --heap-dump} through the CLI, on the
 * corrupted-maps sample started with no flag at all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeapDumpCommandTest {

    private static final Catalog.Sample SAMPLE = Catalog.require("corrupted-maps");
    private static ChildJvm noFlag;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        noFlag = ChildJvm.startSample(SAMPLE, false, "--seconds", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        noFlag.close();
    }

    /** Has the sample write a dump kept as {@code file}. */
    private void keepDump(Path file, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("scan", Long.toString(noFlag.pid()),
                "--heap-dump", "--yes", "--keep", file.toString(), "--dump-dir", dir.toString(), "-q"));
        args.addAll(java.util.List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
    }


    @Test
    void heapDumpOfAJvmWithNoFlagFindsEveryDamagedMapAndLeavesNoFile() throws Exception {
        CliRun r = CliRun.of("scan", Long.toString(noFlag.pid()), "--heap-dump", "--yes", "--dump-dir",
                dir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Set.copyOf(SAMPLE.mapPaths(Catalog.MapRole.SUBJECT)), ScanReports.provenCorruptedPaths(r.out()));
        assertTrue(r.err().contains("stops ALL its threads") && r.err().contains(" free)"), r.err());
        assertTrue(r.err().contains("heap dump of "), r.err());
        JsonNode stats = ReportJson.mapper().readTree(r.out()).path("source").path("stats");
        assertTrue(stats.path("dumpPauseMillis").asDouble() > 0, stats.toString());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the dump or its directory was left behind");
        }
        assertTrue(noFlag.process().isAlive());
    }

    @Test
    void keptDumpIsPrivateAndScansAsAFile() throws Exception {
        Path kept = dir.resolve("kept.hprof");
        keepDump(kept, "--format", "json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(Set.of(kept), Set.copyOf(left.toList()));
        }
        CliRun file = CliRun.of("scan", kept.toString(), "-q", "--format", "json");
        assertEquals(0, file.exitCode(), file.err());
        assertEquals(Set.copyOf(SAMPLE.mapPaths(Catalog.MapRole.SUBJECT)), ScanReports.provenCorruptedPaths(file.out()));
        CliRun text = CliRun.of("scan", kept.toString(), "-q");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("HASH_MAP_BIN_CYCLE"), text.out());
        // keys stay hidden unless asked
        assertFalse(text.out().contains("\"key-3\""), text.out());
    }

    @Test
    void maxEntriesReadsEachMapInPartAndSaysSo() throws Exception {
        Path kept = dir.resolve("kept.hprof");
        keepDump(kept);
        CliRun whole = CliRun.of("scan", kept.toString(), "-q", "--format", "json");
        assertFalse(whole.out().contains(" of them read)"), whole.out());
        CliRun part = CliRun.of("scan", kept.toString(), "-q", "--format", "json", "--max-entries", "2");
        assertEquals(0, part.exitCode(), part.err());
        assertTrue(part.out().contains(" of them read)"), part.out());
        CliRun zero = CliRun.of("scan", kept.toString(), "-q", "--max-entries", "0");
        assertEquals(2, zero.exitCode(), zero.err());
        assertTrue(zero.err().contains("--max-entries must be at least 1"), zero.err());
    }

    @Test
    void withoutYesAndNoTerminalItRefusesAndDumpsNothing() {
        CliRun r = CliRun.of("scan", Long.toString(noFlag.pid()), "--heap-dump", "--dump-dir", dir.toString());
        assertEquals(46, r.exitCode(), r.err());
        assertTrue(r.err().contains("pass --yes"), r.err());
        assertTrue(dir.toFile().list().length == 0);
    }

    @Test
    void aScanOfAJvmWithoutJdwpOffersTheHeapDump() {
        CliRun r = CliRun.of("scan", Long.toString(noFlag.pid()));
        assertEquals(22, r.exitCode(), r.err());
        assertTrue(r.err().contains("--heap-dump"), r.err());
    }

    @Test
    void badDumpsGetOneLineAndTheirOwnExitCode() throws Exception {
        Path good = dir.resolve("good.hprof");
        keepDump(good, "--top", "1");
        byte[] bytes = Files.readAllBytes(good);
        assertExit(40, "is empty", write("empty.hprof", new byte[0]));
        assertExit(41, "is not a heap dump", write("notes.hprof", "not a dump".getBytes()));
        assertExit(42, "is truncated", write("cut.hprof", Arrays.copyOf(bytes, bytes.length - 1000)));
        byte[] flipped = bytes.clone();
        flipped[31] ^= (byte) 0x80; // the first record's tag, after the 31-byte header
        assertExit(43, "is corrupted", write("flipped.hprof", flipped));
        assertExit(3, "no such file", dir.resolve("missing.hprof"));
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private static void assertExit(int code, String message, Path file) {
        CliRun r = CliRun.of("scan", file.toString());
        assertEquals(code, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("maprace scan: ") && r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
