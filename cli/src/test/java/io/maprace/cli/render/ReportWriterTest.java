package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.ReportJson;
import io.maprace.findings.ReportWriter;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ReportWriter} writes what the object mapper writes, character for character, on every report the renderer
 * tests know: every kind of source and evidence, empty lists and null values, hostile strings, 1 to 40 threads.
 * (GoldenRenderTest holds the JSON renderer to the golden files too.)
 */
class ReportWriterTest {

    @Test
    void everyReportIsWrittenAsTheMapperWritesIt() throws Exception {
        Map<String, Report> reports = new LinkedHashMap<>(Reports.all());
        reports.put("every-evidence", Reports.everyEvidence());
        for (Map.Entry<String, Report> r : reports.entrySet()) {
            assertEquals(ReportJson.mapper().writeValueAsString(r.getValue()), ReportWriter.json(r.getValue()),
                    r.getKey());
        }
        assertEquals(11, reports.size(), "reports compared");
    }
}
