package io.maprace.probe.target;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a thread's CPU time from {@code /proc}, and this JVM's own JDWP-less state. */
class AgentCpuTest {

    @Test
    void utimeAndStimeAreReadAfterTheNameWhateverItHolds() {
        String line = "4242 (JDWP Transport ) S 1 4200 4200 0 -1 4194368 120 0 0 0 37 5 0 0 20 0 30 0 1234 0 0";
        assertEquals(42, AgentCpu.ticksOf(line));
        String odd = "4243 (a) (b) c) R 1 4200 4200 0 -1 4194368 120 0 0 0 7 3 0 0 20 0 30 0 1234 0 0";
        assertEquals(10, AgentCpu.ticksOf(odd));
    }

    @Test
    void aJvmWithoutAJdwpAgentHasNoMeter() {
        // this test JVM runs without -agentlib:jdwp: nothing to measure, not a meter reading zero
        assertTrue(AgentCpu.of(ProcessHandle.current().pid()).isEmpty());
        assertTrue(AgentCpu.of(-1).isEmpty());
    }
}
