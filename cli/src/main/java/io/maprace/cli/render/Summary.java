package io.maprace.cli.render;

import io.maprace.findings.Finding;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines a live command writes on stderr once it ends, beside the report: how many findings are proven and
 * likely, how much of the time was watched, and each finding's title.
 */
public final class Summary {

    private Summary() {
    }

    public static List<String> of(Report report) {
        long proven = report.findings().stream().filter(f -> f.severity() == Severity.PROVEN).count();
        long likely = report.findings().stream().filter(f -> f.severity() == Severity.LIKELY).count();
        List<String> lines = new ArrayList<>();
        lines.add(proven + " proven, " + likely + " likely" + SourceFacts.watched(report.source()));
        for (Finding f : report.findings()) {
            lines.add(f.severity().label() + ": " + f.title());
        }
        return lines;
    }
}
