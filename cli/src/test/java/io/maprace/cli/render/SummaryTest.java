package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.Source;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SummaryTest {

    private static final List<String> TITLES = List.of(
            "candidate: SessionServer.ATTRS is reachable from a static field and written without a lock",
            "proven: SessionServer.CACHE.entries written by 3 threads at once under a shared read lock");

    @Test
    void countsFindingsAndListsTheirTitles() {
        List<String> lines = Summary.of(Reports.watch());
        assertEquals("1 proven, 0 likely; watched 42% of 60.0 s", lines.get(0));
        assertEquals(TITLES, lines.subList(1, lines.size()));
    }

    @Test
    void saysHowMuchOfTheTimeWasWatchedOnlyForAWatch() {
        assertEquals("0 proven, 2 likely", Summary.of(Reports.recording()).get(0));
    }
}
