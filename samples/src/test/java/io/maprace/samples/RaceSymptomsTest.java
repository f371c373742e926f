package io.maprace.samples;

import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The racy samples show their symptoms where that is cheap to observe and certain to happen given a little time;
 * their fixed twins never do. Each racy sample runs in a fresh JVM (its static maps start clean) until the symptom
 * appears, with a generous bound.
 */
class RaceSymptomsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    @Timeout(60)
    void theReadLockedLruGrowsPastItsBound() throws Exception {
        Sample sample = Catalog.require("read-locked-lru");
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--seconds", "0")) {
            String line = jvm.awaitLine(l -> l.contains(" overBound=true"), PATIENCE);
            assertTrue(Lines.number(line, "size") > Lines.number(line, "max"), line);
        }
    }

    @Test
    @Timeout(60)
    void theSharedInProgressSetGivesSpuriousRecursionErrors() throws Exception {
        Sample sample = Catalog.require("in-progress-set");
        try (ChildJvm jvm = ChildJvm.startSample(sample.jvmFlags(), sample.mainClass(), "--seconds", "0")) {
            jvm.awaitLine(l -> l.startsWith("progress ") && Lines.number(l, "anomalies") > 0, PATIENCE);
        }
    }

    @Test
    @Timeout(60)
    void theFixedTwinsStayWithinTheirInvariants() throws Exception {
        try (InProcessRun lru = InProcessRun.start(CatalogTest.program(Catalog.require("read-locked-lru-fixed")),
                "--seconds", "2");
             InProcessRun set = InProcessRun.start(CatalogTest.program(Catalog.require("in-progress-set-fixed")),
                     "--seconds", "2")) {
            assertEquals(0, lru.awaitExit(Duration.ofSeconds(30)), lru.stderr());
            assertEquals(0, set.awaitExit(Duration.ofSeconds(30)), set.stderr());
            List<String> lruLines = lru.lines().subList(1, lru.lines().size());
            assertTrue(lruLines.stream().allMatch(l -> l.contains(" overBound=false")), lruLines::toString);
            assertTrue(lruLines.stream().allMatch(l -> Lines.number(l, "size") <= Lines.number(l, "max")));
            assertTrue(lruLines.stream().allMatch(l -> Lines.number(l, "evictions") > 0), "the LRU evicts");
            List<String> setLines = set.lines().subList(1, set.lines().size());
            assertTrue(setLines.stream().allMatch(l -> Lines.number(l, "anomalies") == 0), setLines::toString);
        }
    }
}
