package io.maprace.findings;

import io.maprace.Stacks;
import io.maprace.graph.ContentionGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FixableMapsTest {

    private static Finding finding(FindingKind kind, MapRef map) {
        return new Finding("F" + kind.ordinal(), kind, Severity.PROVEN, "t", map, List.of(), List.of(), List.of(),
                "why", "fix");
    }

    private static MapRef path(String path) {
        return new MapRef("java.util.HashMap", "a.B", "cache", path, null);
    }

    @Test
    void racingAndDamagedMapsWithAPathOnlyOnceEachWithElementStepsAsStars() {
        Report r = new Report(Report.SCHEMA, "maprace test", new Source("scan", List.of("pid 1"), Stacks.T0, null,
                ReportJsonTest.SCAN), List.of(
                finding(FindingKind.UNSAFE_WRITES, path("a.B.INSTANCE.cache")),
                finding(FindingKind.CORRUPTED_MAP, path("a.B.INSTANCE.cache")),
                finding(FindingKind.SHARED_MAP, path("a.C.ONLY_SHARED")),
                finding(FindingKind.LOCK_CONTENTION, null),
                finding(FindingKind.CONCURRENT_WRITERS, MapRef.ofType("java.util.HashMap")),
                finding(FindingKind.STUCK_IN_MAP, path("a.R.INSTANCE.entries{\"alpha\"}.cache")),
                finding(FindingKind.HIDDEN_WRITE, path("a.R.INSTANCE.entries{\"beta\"}.cache"))),
                ContentionGraph.EMPTY, List.of());
        assertEquals(List.of("a.B.INSTANCE.cache", "a.R.INSTANCE.entries[*].cache"), FixableMaps.paths(r));
    }
}
