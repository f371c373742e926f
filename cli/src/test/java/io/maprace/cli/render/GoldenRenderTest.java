package io.maprace.cli.render;

import io.maprace.findings.Report;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every renderer's output for the hand-built reports, byte for byte, against files kept under
 * {@code src/test/resources/golden}: a change to how a report is drawn shows up here as a diff to review.
 * Run with {@code -Dgolden.update=true} to rewrite the files after an intended change. The page's fixed style and
 * script ({@link HtmlAssets}) stand in the files as a placeholder: they are constants, not drawn from a report.
 */
class GoldenRenderTest {

    private static final Path DIR = Path.of("src/test/resources/golden");

    private static Map<String, Renderer> renderers() {
        Map<String, Renderer> r = new LinkedHashMap<>();
        r.put("txt", new TextRenderer());
        r.put("ansi.txt", new TextRenderer(true));
        r.put("json", new JsonRenderer());
        r.put("dot", new DotRenderer());
        r.put("html", new HtmlRenderer());
        return r;
    }

    private static Map<String, Report> reports() {
        Map<String, Report> all = new LinkedHashMap<>(Reports.all());
        all.put("every-evidence", Reports.everyEvidence());
        return all;
    }

    @Test
    void theGoldenReportsCarryEveryEvidenceType() {
        Set<EvidenceKind> seen = EnumSet.noneOf(EvidenceKind.class);
        Reports.everyEvidence().findings().forEach(f -> f.evidence().forEach(e -> seen.add(EvidenceKind.of(e))));
        assertEquals(EnumSet.allOf(EvidenceKind.class), seen);
    }

    @Test
    void everyReportDrawsAsBefore() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        List<String> differ = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, Report> report : reports().entrySet()) {
            for (Map.Entry<String, Renderer> renderer : renderers().entrySet()) {
                StringBuilder out = new StringBuilder();
                renderer.getValue().render(report.getValue(), out);
                String drawn = out.toString().replace(HtmlAssets.CSS, "/* HtmlAssets.CSS */")
                        .replace(HtmlAssets.JS, "/* HtmlAssets.JS */");
                Path file = DIR.resolve(report.getKey() + "." + renderer.getKey());
                if (update) {
                    Files.createDirectories(DIR);
                    Files.writeString(file, drawn, StandardCharsets.UTF_8);
                    continue;
                }
                assertTrue(Files.exists(file), "no golden file " + file + ": run with -Dgolden.update=true");
                if (!Files.readString(file, StandardCharsets.UTF_8).equals(drawn)) {
                    differ.add(file.getFileName().toString());
                }
                compared++;
            }
        }
        if (!update) {
            assertEquals(reports().size() * renderers().size(), compared);
            assertEquals(List.of(), differ, "drawn differently from the golden files");
        }
    }
}
