package io.maprace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maprace.samples.Catalog;

import java.util.List;

/** What the sample-based analysis must find for a racy sample, wherever its events come from. */
final class SampleExpectations {

    private SampleExpectations() {
    }

    /** The finding kind of the sample's race shape. */
    static String raceKind(Catalog.Sample s) {
        return switch (s.shape()) {
            case 2 -> "hidden-write";
            case 5 -> "per-call-state";
            default -> "concurrent-writers";
        };
    }

    /** Whether a finding names one of the sample's write sites (a {@code pkg.Class.method}) in its sites. */
    static boolean atAnyOf(JsonNode finding, List<String> methods) {
        for (JsonNode site : finding.get("sites")) {
            String s = site.asText();
            if (methods.contains(s.substring(0, s.indexOf('(')))) {
                return true;
            }
        }
        return false;
    }
}
