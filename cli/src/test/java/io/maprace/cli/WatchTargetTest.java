package io.maprace.cli;

import org.junit.jupiter.api.Test;

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
    void aNumberThatIsNoJvmIsAPort() {
        // Above any pid_max: no such process.
        assertTrue(WatchCommand.isJdwpAddress("999999999"));
    }

    @Test
    void aRunningJvmsPidOrAMainClassIsAJvm() {
        assertFalse(WatchCommand.isJdwpAddress(Long.toString(ProcessHandle.current().pid())));
        assertFalse(WatchCommand.isJdwpAddress("OrderService"));
    }
}
