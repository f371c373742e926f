package io.maprace.rules;

import io.maprace.events.ThreadDumpText;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bursts of synthetic {@code Thread.print -e} dumps, in the JDK 17 form, through the rule. */
class SpinningThreadsRuleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** One thread of a dump: its header times and its frames, innermost first. */
    record T(String name, int id, String state, double cpuMs, double elapsedS, long allocatedK, String... frames) {
        String text(boolean withTimes) {
            StringBuilder b = new StringBuilder("\"" + name + "\" #" + id + " daemon prio=5 os_prio=0 ");
            if (withTimes) {
                b.append(String.format(java.util.Locale.ROOT, "cpu=%.2fms elapsed=%.2fs allocated=%dK ",
                        cpuMs, elapsedS, allocatedK));
            }
            b.append("tid=0x1 nid=0x2 runnable  [0x3]\n   java.lang.Thread.State: ").append(state).append('\n');
            for (String f : frames) {
                b.append("\tat ").append(f).append('\n');
            }
            return b.append('\n').toString();
        }
    }

    private static final String[] TREE_FIND = {
        "java.util.HashMap$TreeNode.find(java.base@17.0.15/HashMap.java:1999)",
        "java.util.HashMap$TreeNode.find(java.base@17.0.15/HashMap.java:2007)",
        "java.util.HashMap$TreeNode.getTreeNode(java.base@17.0.15/HashMap.java:2019)",
        "java.util.HashMap.getNode(java.base@17.0.15/HashMap.java:572)",
        "java.util.HashMap.get(java.base@17.0.15/HashMap.java:556)",
        "com.acme.Cache.lookup(Cache.java:40)",
        "com.acme.Worker.run(Worker.java:12)",
        "java.lang.Thread.run(java.base@17.0.15/Thread.java:840)"};

    private static Finding only(List<Finding> findings) {
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }

    private static SpinningThreadsRule burst(boolean withTimes, List<List<T>> dumps) {
        SpinningThreadsRule rule = new SpinningThreadsRule(0.1, false);
        for (int i = 0; i < dumps.size(); i++) {
            StringBuilder text = new StringBuilder("Full thread dump OpenJDK 64-Bit Server VM (17.0.15):\n\n");
            dumps.get(i).forEach(t -> text.append(t.text(withTimes)));
            rule.accept(new ThreadDumpText(T0.plusMillis(500L * i), text.toString()));
        }
        return rule;
    }

    @Test
    void aThreadRunnableInTheSameMapLoopBurningCpuInEveryDumpIsStuck() {
        // find's own line and recursion depth vary between dumps; the application frames do not.
        SpinningThreadsRule rule = burst(true, List.of(
                List.of(new T("spinner", 21, "RUNNABLE", 10_000, 100.00, 50, TREE_FIND)),
                List.of(new T("spinner", 21, "RUNNABLE", 10_480, 100.50, 50, comparing(tail(TREE_FIND, 1)))),
                List.of(new T("spinner", 21, "RUNNABLE", 10_960, 101.00, 50, TREE_FIND))));
        Finding f = only(rule.findings(new Corroboration()));
        assertEquals(FindingKind.STUCK_IN_MAP, f.kind());
        assertEquals(Severity.LIKELY, f.severity());
        assertEquals(List.of("com.acme.Cache.lookup(Cache.java:40)"), f.sites());
        assertTrue(f.title().contains("HashMap$TreeNode.find at 96% of a core"), f.title());
        Evidence.SpinningThread e = (Evidence.SpinningThread) f.evidence().get(0);
        assertEquals("spinner", e.thread().name());
        assertEquals(0.96, e.cpuShare(), 1e-9);
        assertEquals(3, e.dumps());
        assertEquals(0L, e.allocatedBytes());
        assertEquals(T0, e.firstSeen());
        // 10.96 s of CPU at 96%: it has spun for at most ~11.4 s, though the thread is 101 s old.
        assertEquals(10.96 / 0.96, e.spinningUpToSeconds(), 1e-6);
        assertTrue(e.mapFrames().contains("java.util.HashMap$TreeNode.find(HashMap.java:1999)"), e.mapFrames()
                .toString());
        assertTrue(rule.cpuTimesKnown());
        assertEquals(List.of(), rule.busy());
    }

    @Test
    void aThreadProgressingOverAHealthyMapIsToldApart() {
        String[] otherLine = TREE_FIND.clone();
        otherLine[5] = "com.acme.Cache.lookup(Cache.java:41)";
        SpinningThreadsRule rule = burst(true, List.of(
                List.of(new T("loader", 22, "RUNNABLE", 1_000, 10.0, 10, TREE_FIND),
                        new T("allocating", 23, "RUNNABLE", 1_000, 10.0, 10, TREE_FIND)),
                List.of(new T("loader", 22, "RUNNABLE", 1_400, 10.5, 10, otherLine),
                        new T("allocating", 23, "RUNNABLE", 1_400, 10.5, 9_000, TREE_FIND)),
                List.of(new T("loader", 22, "RUNNABLE", 1_800, 11.0, 10, TREE_FIND),
                        new T("allocating", 23, "RUNNABLE", 1_800, 11.0, 20_000, TREE_FIND))));
        assertEquals(List.of(), rule.findings(new Corroboration()));
        assertEquals(2, rule.busy().size(), rule.busy().toString());
        assertTrue(rule.busy().get(0).contains("frames below the map changed"), rule.busy().get(0));
        assertTrue(rule.busy().get(1).contains("allocated"), rule.busy().get(1));
    }

    @Test
    void threadsPassingThroughMapCodeOrIdleAreNotReported() {
        String[] elsewhere = {"com.acme.Worker.compute(Worker.java:30)", "com.acme.Worker.run(Worker.java:12)"};
        SpinningThreadsRule rule = burst(true, List.of(
                List.of(new T("passing", 24, "RUNNABLE", 100, 5.0, 10, TREE_FIND),
                        new T("blocked", 25, "BLOCKED", 1, 5.0, 1, TREE_FIND),
                        new T("still", 26, "RUNNABLE", 1, 5.0, 1, TREE_FIND)),
                List.of(new T("passing", 24, "RUNNABLE", 500, 5.5, 10, elsewhere),
                        new T("blocked", 25, "BLOCKED", 1, 5.5, 1, TREE_FIND),
                        new T("still", 26, "RUNNABLE", 1, 5.5, 1, TREE_FIND)),
                List.of(new T("passing", 24, "RUNNABLE", 900, 6.0, 10, TREE_FIND),
                        new T("blocked", 25, "BLOCKED", 1, 6.0, 1, TREE_FIND),
                        new T("still", 26, "RUNNABLE", 1, 6.0, 1, TREE_FIND))));
        assertEquals(List.of(), rule.findings(new Corroboration()));
        assertEquals(1, rule.busy().size(), rule.busy().toString());
        assertTrue(rule.busy().get(0).startsWith("still #26") && rule.busy().get(0).contains("no CPU"),
                rule.busy().get(0));
    }

    @Test
    void withoutCpuTimesTheStacksAloneGiveACandidate() {
        SpinningThreadsRule rule = burst(false, List.of(
                List.of(new T("spinner", 21, "RUNNABLE", 0, 0, 0, TREE_FIND)),
                List.of(new T("spinner", 21, "RUNNABLE", 0, 0, 0, TREE_FIND)),
                List.of(new T("spinner", 21, "RUNNABLE", 0, 0, 0, TREE_FIND))));
        Finding f = only(rule.findings(new Corroboration()));
        assertEquals(Severity.CANDIDATE, f.severity());
        assertTrue(f.title().contains("stacks only"), f.title());
        assertNull(((Evidence.SpinningThread) f.evidence().get(0)).cpuShare());
        assertEquals(false, rule.cpuTimesKnown());
    }

    @Test
    void oneDumpIsNotABurst() {
        SpinningThreadsRule rule = burst(true, List.of(
                List.of(new T("spinner", 21, "RUNNABLE", 10_000, 100.0, 50, TREE_FIND))));
        assertEquals(List.of(), rule.findings(new Corroboration()));
    }

    /** A dump that caught the loop in a helper it calls on every turn. */
    private static String[] comparing(String[] frames) {
        String[] out = new String[frames.length + 1];
        out[0] = "java.util.HashMap.compareComparables(java.base@17.0.15/HashMap.java:370)";
        System.arraycopy(frames, 0, out, 1, frames.length);
        return out;
    }

    private static String[] tail(String[] frames, int from) {
        return java.util.Arrays.copyOfRange(frames, from, frames.length);
    }
}
