package io.maprace.samples;

import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract, in a JVM of the sample's own: output, exit codes, and exiting on time. */
@Execution(ExecutionMode.CONCURRENT)
class ChildJvmTest {

    private static final Duration EXIT = Duration.ofSeconds(30);

    @Test
    @Timeout(60)
    void aRacySampleReportsEverySecondAndExitsOnItsOwn() throws Exception {
        Sample sample = Catalog.require("factory-cache");
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--seconds", "2")) {
            assertEquals(0, jvm.awaitExit(EXIT));
            jvm.drain();
            List<String> out = jvm.stdout();
            assertEquals(3, out.size(), out::toString);
            assertEquals("ready pid=" + jvm.pid() + " sample=factory-cache", out.get(0));
            assertTrue(out.get(1).startsWith("progress t=1s ops="), out.get(1));
            assertTrue(Lines.number(out.get(1), "writers") >= 2, out.get(1));
            assertTrue(out.get(2).startsWith("done ops="), out.get(2));
            assertEquals(2, Lines.number(out.get(2), "t"));
            assertEquals(SampleOptions.DEFAULT_THREADS, Lines.number(out.get(2), "writers"), out.get(2));
            assertTrue(Lines.number(out.get(2), "ops") > Lines.number(out.get(1), "ops"));
        }
    }

    @Test
    @Timeout(60)
    void quietPrintsOnlyReadyAndDone() throws Exception {
        Sample sample = Catalog.require("concurrent-map-writers");
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--seconds", "2", "--quiet",
                "--threads", "2")) {
            assertEquals(0, jvm.awaitExit(EXIT));
            jvm.drain();
            List<String> out = jvm.stdout();
            assertEquals(2, out.size(), out::toString);
            assertTrue(out.get(0).startsWith("ready "));
            assertEquals(2, Lines.number(out.get(1), "writers"), out.get(1));
        }
    }

    @Test
    @Timeout(60)
    void anUnknownOptionExitsWithTwoAndOneLine() throws Exception {
        Sample sample = Catalog.require("read-locked-lru");
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--secnds", "2")) {
            assertEquals(2, jvm.awaitExit(EXIT));
            jvm.drain();
            assertEquals(List.of(), jvm.stdout());
            assertEquals(List.of("read-locked-lru: unknown option '--secnds' (expected [--seconds N] [--threads N]"
                    + " [--quiet])"), jvm.stderr());
        }
    }

    /** Spinning threads are daemons: the JVM still exits after --seconds. */
    @ParameterizedTest
    @ValueSource(strings = {"spinning-tree-bin", "cyclic-bin"})
    @Timeout(60)
    void spinnersSpinAndDoNotKeepTheJvmAlive(String name) throws Exception {
        Sample sample = Catalog.require(name);
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--seconds", "2", "--threads", "2")) {
            assertEquals(0, jvm.awaitExit(EXIT), () -> String.join("\n", jvm.stderr()));
            jvm.drain();
            List<String> out = jvm.stdout();
            assertEquals(3, out.size(), out::toString);
            assertEquals("ready pid=" + jvm.pid() + " sample=" + name, out.get(0));
            for (String line : out.subList(1, 3)) {
                assertEquals(2, Lines.number(line, "spinning"), line);
                assertEquals(0, Lines.number(line, "ops"), line);
            }
            assertEquals(2, Lines.number(out.get(2), "stalled"), out.get(2));
        }
    }

    @Test
    @Timeout(60)
    void withoutAddOpensTheCorruptSamplesSayWhichFlagToAdd() throws Exception {
        Sample sample = Catalog.require("corrupted-maps");
        try (ChildJvm jvm = ChildJvm.startSample(List.of(), sample.mainClass(), "--seconds", "1")) {
            assertEquals(2, jvm.awaitExit(EXIT));
            jvm.drain();
            assertEquals(List.of(), jvm.stdout());
            assertEquals(1, jvm.stderr().size(), jvm.stderr()::toString);
            assertTrue(jvm.stderr().get(0).startsWith("corrupted-maps: "), jvm.stderr().get(0));
            assertTrue(jvm.stderr().get(0).contains("--add-opens java.base/java.util=ALL-UNNAMED"));
        }
    }

    @Test
    @Timeout(60)
    void corruptedMapsIdles() throws Exception {
        Sample sample = Catalog.require("corrupted-maps");
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--seconds", "1")) {
            assertEquals(0, jvm.awaitExit(EXIT));
            jvm.drain();
            List<String> out = jvm.stdout();
            assertEquals(2, out.size(), out::toString);
            assertEquals("ready pid=" + jvm.pid() + " sample=corrupted-maps", out.get(0));
            assertEquals(11, Lines.number(out.get(1), "corrupted"));
            assertEquals(5, Lines.number(out.get(1), "healthy"));
            assertEquals(0, Lines.number(out.get(1), "ops"));
        }
    }
}
