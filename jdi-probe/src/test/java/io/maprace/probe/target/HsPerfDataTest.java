package io.maprace.probe.target;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads this test JVM's own hsperfdata file: what maprace reads of a target without attaching. */
class HsPerfDataTest {

    @Test
    void readsVersionCommandAndSafepointCounters() {
        long self = ProcessHandle.current().pid();
        Path file = ProcFs.hsperfFile(self).orElseThrow(() -> new AssertionError("no hsperfdata file for " + self));
        HsPerfData perf = HsPerfData.read(file).orElseThrow();
        assertEquals(System.getProperty("java.version"), perf.javaVersion().orElseThrow());
        assertTrue(perf.safepointMillis().orElseThrow() >= 0);
        assertTrue(perf.safepoints().orElseThrow() >= 0);
        assertTrue(perf.heapUsedBytes().orElseThrow() > 0);
        assertTrue(perf.javaCommand().isPresent());
    }

    @Test
    void notAnHsperfdataFile() {
        assertTrue(HsPerfData.parse(new byte[64]).isEmpty());
        assertTrue(HsPerfData.parse(new byte[3]).isEmpty());
    }
}
