package io.maprace.cli;

import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            assertEquals(Problem.NOT_A_JAVA_PROCESS.exitCode(), cl.execute("watch", "-q", pid));
            assertTrue(err.toString().contains("is not a Java process"), err::toString);
            assertTrue(err.toString().contains("for a JDWP port on this host, write 127.0.0.1:" + pid), err::toString);
            assertEquals(1, err.toString().strip().lines().count(), err::toString);
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
