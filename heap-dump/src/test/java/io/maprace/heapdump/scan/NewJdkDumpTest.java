package io.maprace.heapdump.scan;

import io.maprace.heapdump.Dumps;
import io.maprace.samples.Catalog;
import io.maprace.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A heap dump written by a JDK 24+ (its dumper writes in parallel, in segments of its own), read as a JDK 17 one:
 * the corrupted-maps sample's every damaged map proven, every control map clean. Runs when a JDK 25 is installed
 * ({@code MAPRACE_TEST_JDK25}, or the Temurin path of the build machines).
 */
@EnabledIf("newJdkInstalled")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NewJdkDumpTest {

    @TempDir
    Path dir;

    static boolean newJdkInstalled() {
        return ChildJvm.newJdk() != null;
    }

    @Test
    void aJdk25DumpOfTheCorruptedMapsSampleReadsAsAJdk17One() throws Exception {
        Catalog.Sample sample = Catalog.require("corrupted-maps");
        Path file = dir.resolve("jdk25.hprof");
        try (ChildJvm jvm = ChildJvm.start(ChildJvm.newJdk(), sample.jvmFlags(), ChildJvm.classpath(Catalog.class),
                sample.mainClass(), "--seconds", "0").ready()) {
            String java = ProcessHandle.of(jvm.pid()).flatMap(h -> h.info().command()).orElse("");
            assertTrue(java.startsWith(ChildJvm.newJdk().toString()), java);
            Dumps.jcmdDump(ChildJvm.newJdk(), jvm.pid(), file);
        }
        DumpSamplesTest.everyDamageProvenEveryControlClean(sample, DumpSamplesTest.scan(file));
    }
}
