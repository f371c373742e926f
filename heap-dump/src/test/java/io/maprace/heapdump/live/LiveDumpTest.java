package io.maprace.heapdump.live;

import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan said before a dump, the refusal when the disk lacks room, and what a failed dump leaves (nothing). */
class LiveDumpTest {

    @TempDir
    Path dir;

    /** A target whose jcmd answers are given; records the commands it was sent. */
    private static final class FakeTarget implements DumpTarget {
        final long used;
        final String answer;
        final List<String> commands = new ArrayList<>();

        FakeTarget(long used, String answer) {
            this.used = used;
            this.answer = answer;
        }

        @Override
        public String label() {
            return "pid 42 (com.foo.Main, JDK 17)";
        }

        @Override
        public OptionalLong usedHeapBytes() {
            return OptionalLong.of(used);
        }

        @Override
        public OptionalDouble safepointMillis() {
            return OptionalDouble.of(commands.size() * 250.0);
        }

        @Override
        public String jcmd(String command, Duration timeout) {
            commands.add(command);
            String file = command.substring(command.lastIndexOf(' ') + 1);
            if (answer.contains("created")) {
                try {
                    Files.write(Path.of(file), new byte[1234]);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return answer;
        }
    }

    @Test
    void aHeapLargerThanTheFreeDiskIsRefusedBeforeAnyDump() {
        FakeTarget t = new FakeTarget(1L << 60, "");
        DumpPlan plan = LiveDump.plan(t, dir);
        assertFalse(plan.fits());
        assertTrue(plan.describe().contains("stops ALL its threads"), plan.describe());
        MapraceException e = assertThrows(MapraceException.class, () -> LiveDump.take(t, plan, Duration.ofSeconds(5)));
        assertEquals(Problem.DISK_FULL, e.problem());
        assertEquals(44, e.problem().exitCode());
        assertTrue(t.commands.isEmpty(), "dumped anyway: " + t.commands);
    }

    @Test
    void aDumpIsPrivateItsPauseMeasuredAndDiscardedWithItsDirectory() throws Exception {
        FakeTarget t = new FakeTarget(10L << 20, "Heap dump file created [1234 bytes in 0.321 secs]");
        TakenDump d = LiveDump.take(t, LiveDump.plan(t, dir), Duration.ofSeconds(5));
        assertEquals(1, t.commands.size());
        assertTrue(t.commands.get(0).startsWith("GC.heap_dump " + dir), t.commands.get(0));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.file())));
        assertEquals(1234, d.bytes());
        assertEquals(0.321, d.writeSeconds(), 1e-9);
        assertTrue(d.pauseMeasured());
        assertEquals(250.0, d.pauseMillis(), 1e-9);
        LiveDump.discard(d);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aFailedDumpLeavesNothingAndSaysWhatTheJvmSaid() throws Exception {
        FakeTarget t = new FakeTarget(10L << 20, "Dump file is incomplete: No space left on device");
        MapraceException e = assertThrows(MapraceException.class,
                () -> LiveDump.take(t, LiveDump.plan(t, dir), Duration.ofSeconds(5)));
        assertEquals(Problem.DISK_FULL, e.problem());
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }
}
