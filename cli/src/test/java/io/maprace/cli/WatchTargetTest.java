package io.maprace.cli;

import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code maprace watch} reads its target: a JDWP address, or a JVM to attach to like every live command. */
class WatchTargetTest {

    @Test
    void hostAndPortIsAnAddress() {
        assertTrue(WatchCommand.isJdwpAddress("127.0.0.1:5005"));
        assertTrue(WatchCommand.isJdwpAddress("db-host:8000"));
    }

    @Test
    void aProcessThatIsNoJvmIsRefusedWithThePortSpelling() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            String pid = Long.toString(sleeper.pid());
            assertFalse(WatchCommand.isJdwpAddress(pid));
            CliRun r = CliRun.of("watch", "-q", pid);
            assertEquals(Problem.NOT_A_JAVA_PROCESS.exitCode(), r.exitCode());
            assertTrue(r.err().contains("is not a Java process"), r::err);
            assertTrue(r.err().contains("for a JDWP port on this host, write 127.0.0.1:" + pid), r::err);
            assertEquals(1, r.err().strip().lines().count(), r::err);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aNumberThatIsNoProcessIsAPort() {
        // Above any pid_max: no such process.
        assertTrue(WatchCommand.isJdwpAddress("999999999"));
    }

    @Test
    void aRunningJvmsPidOrAMainClassIsAJvm() {
        assertFalse(WatchCommand.isJdwpAddress(Long.toString(ProcessHandle.current().pid())));
        assertFalse(WatchCommand.isJdwpAddress("OrderService"));
    }
}
