package io.maprace.attach.stuck;

import io.maprace.attach.LocalTarget;
import io.maprace.findings.Evidence;
import io.maprace.findings.Finding;
import io.maprace.findings.FindingKind;
import io.maprace.findings.Report;
import io.maprace.testkit.ChildJvm;
import io.maprace.samples.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stuck} on sample JVMs started with no maprace flag (the corrupting samples need only their
 * {@code --add-opens} to damage their own map): the spinning ones are reported with their call site within 5 s;
 * racy samples and their fixed twins, whose threads write maps all the time, have no stuck thread.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StuckSamplesTest {

    @ParameterizedTest
    @MethodSource("spinning")
    void aSpinningSampleIsReportedWithItsCallSiteWithinFiveSeconds(String name) throws Exception {
        Catalog.Sample sample = Catalog.require(name);
        try (ChildJvm target = ChildJvm.startSample(sample, false, "--seconds", "0", "--threads", "2")) {
            long started = System.nanoTime();
            Report report = check(target);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 5_000, "took " + millis + " ms");
            assertEquals(1, report.findings().size(), report.toString());
            Finding f = report.findings().get(0);
            assertEquals(FindingKind.STUCK_IN_MAP, f.kind());
            String spinSite = sample.sitesOf(Catalog.SiteRole.SPIN).get(0);
            assertEquals(1, f.sites().size());
            assertTrue(f.sites().get(0).startsWith(spinSite + "("), f.sites() + " vs " + spinSite);
            assertEquals(2, f.threads().size(), f.threads().toString());
            f.threads().forEach(t -> assertTrue(t.name().startsWith(sample.threadPrefix()), t.name()));
            for (Evidence e : f.evidence()) {
                Evidence.SpinningThread s = (Evidence.SpinningThread) e;
                assertTrue(s.cpuShare() != null && s.cpuShare() > 0, s.toString());
                assertEquals(StuckOptions.DEFAULT_DUMPS, s.dumps());
                assertEquals(0L, s.allocatedBytes(), "a thread looping in a bin allocates nothing");
            }
            assertEquals(true, report.source().stats().get("cpuTimes"));
        }
    }

    static Stream<String> spinning() {
        return Stream.of("spinning-tree-bin", "cyclic-bin");
    }

    @Test
    void racySamplesAndTheirFixedTwinsHaveNoStuckThread() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Catalog.Sample sample : Catalog.all()) {
            if (sample.kind() != Catalog.Kind.RACE && sample.kind() != Catalog.Kind.FIXED) {
                continue;
            }
            try (ChildJvm target = ChildJvm.startSample(sample, false, "--seconds", "0")) {
                Report report = check(target);
                if (!report.findings().isEmpty()) {
                    failures.add(sample.name() + ": " + report.findings().get(0).title());
                }
                assertEquals(StuckOptions.DEFAULT_DUMPS, report.source().stats().get("dumps"));
            }
        }
        assertEquals(List.of(), failures);
    }

    private static Report check(ChildJvm target) {
        LocalTarget t = LocalTarget.resolve(Long.toString(target.pid()), "stuck", Duration.ofSeconds(10));
        return StuckCheck.run(t, StuckOptions.defaults(), "test", line -> { });
    }
}
