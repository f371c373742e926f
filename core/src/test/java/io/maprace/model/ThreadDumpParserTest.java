package io.maprace.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThreadDumpParserTest {

    static final String DUMP = """
            2026-11-23 20:05:36
            Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

            "spinner-0" #15 daemon prio=5 os_prio=0 cpu=5990.12ms elapsed=6.01s tid=0x00007f nid=0x1 runnable  [0x00007f]
               java.lang.Thread.State: RUNNABLE
            \tat java.util.HashMap.getNode(java.base@17.0.15/HashMap.java:575)
            \tat java.util.HashMap.get(java.base@17.0.15/HashMap.java:556)
            \tat Cyc.lookup(Cyc.java:10)
            \tat java.lang.Thread.run(java.base@17.0.15/Thread.java:840)

            "idle" #16 prio=5 os_prio=0 cpu=0.1ms elapsed=6.01s tid=0x00007f nid=0x2 waiting on condition  [0x0]
               java.lang.Thread.State: TIMED_WAITING (sleeping)
            \tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)

            Found one Java-level deadlock:
            =============================
            "a":
              waiting to lock monitor 0x1 (object 0x2, a java.lang.Object),
              which is held by "b"
            "b":
              waiting to lock monitor 0x3 (object 0x4, a java.lang.Object),
              which is held by "a"
            """;

    @Test
    void readsThreadsStatesFramesAndDeadlocks() {
        ThreadDumpParser.Dump d = ThreadDumpParser.parse(DUMP);
        assertEquals(2, d.threads().size());
        ThreadDumpParser.DumpedThread t = d.threads().get(0);
        assertEquals("spinner-0", t.thread().name());
        assertEquals(15, t.thread().id());
        assertEquals("RUNNABLE", t.state());
        assertEquals("java.util.HashMap.getNode(HashMap.java:575)", t.stack().top().site());
        assertEquals("Cyc.lookup", t.stack().frames().get(2).qualifiedMethod());
        assertEquals("TIMED_WAITING", d.threads().get(1).state());
        assertEquals(java.util.List.of("a", "b"), d.deadlocked());
    }

    @Test
    void readsHotSpotThreadTimesInTheJdk17AndJdk21Forms() {
        ThreadDumpParser.Dump d = ThreadDumpParser.parse("""
                "main" #1 prio=5 os_prio=0 cpu=313.97ms elapsed=4.28s allocated=15431K defined_classes=1536 tid=0x1 nid=0x2 runnable
                   java.lang.Thread.State: RUNNABLE

                "cpu=1ms elapsed=2s" #22 [4242] daemon prio=5 os_prio=0 cpu=0.18ms elapsed=1234.50s allocated=0B tid=0x1 nid=0x3 waiting
                   java.lang.Thread.State: WAITING (parking)

                "other-vm" #23 prio=5 tid=0x1 nid=0x4 runnable
                   java.lang.Thread.State: RUNNABLE
                """);
        ThreadDumpParser.ThreadTimes main = d.threads().get(0).times();
        assertEquals(313.97, main.cpuMillis(), 1e-9);
        assertEquals(4.28, main.elapsedSeconds(), 1e-9);
        assertEquals(15431L * 1024, main.allocatedBytes());
        ThreadDumpParser.DumpedThread odd = d.threads().get(1);
        assertEquals(22, odd.thread().id());
        assertEquals(0.18, odd.times().cpuMillis(), 1e-9);
        assertEquals(1234.5, odd.times().elapsedSeconds(), 1e-9);
        assertEquals(0, odd.times().allocatedBytes());
        ThreadDumpParser.ThreadTimes none = d.threads().get(2).times();
        assertEquals(false, none.hasCpu());
        assertEquals(false, none.hasAllocated());
    }
}
