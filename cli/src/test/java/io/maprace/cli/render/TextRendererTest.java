package io.maprace.cli.render;

import io.maprace.findings.Finding;
import io.maprace.findings.MapVerdict;
import io.maprace.findings.Report;
import io.maprace.findings.ScanStats;
import io.maprace.findings.SourceStats;
import io.maprace.findings.WatchStats;
import io.maprace.findings.Source;
import io.maprace.graph.ContentionGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRendererTest {

    private static final Pattern FINDING_HEADER = Pattern.compile("(?m)^(F\\d+)  (PROVEN|LIKELY|CANDIDATE)  ");

    static String render(Report report) throws IOException {
        StringBuilder out = new StringBuilder();
        new TextRenderer().render(report, out);
        return out.toString();
    }

    /** The text with line wrapping undone, to look for sentences that may have been wrapped. */
    static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    /** The lines of one finding, from its header to the next blank line. */
    static String section(String text, String id) {
        int start = text.indexOf("\n" + id + "  ");
        assertTrue(start >= 0, "no finding " + id + " in:\n" + text);
        int end = text.indexOf("\n\n", start + 1);
        return text.substring(start + 1, end < 0 ? text.length() : end);
    }

    @Test
    void headerSaysWhatWasAnalyzed() throws IOException {
        String text = render(Reports.recording());
        assertTrue(text.startsWith("maprace: analysis of a JFR recording\n"), text);
        assertTrue(text.contains("  input     /var/tmp/orders-prod-3.jfr\n"), text);
        assertTrue(text.contains("  span      2024-05-02 19:59:31.004 to 20:01:02.880 UTC (1 min 32 s)\n"), text);
        assertTrue(text.contains("  examined  1 files, size: 48.0 MB, 48 chunks, 38,238 events read, 12,345 execution"
                + " samples, 17\n            sampled threads, sampling period: 20 ms, 1,203 lock waits,"), text);
        assertTrue(text.contains("  result    4 findings (2 likely, 2 candidate); 1 warning\n"), text);
    }

    @Test
    void everyFindingShowsItsIdSeveritySitesThreadsAndAdvice() throws IOException {
        String text = render(Reports.recording());
        String flat = flat(text);
        for (String id : List.of("F1", "F2", "F3", "F4")) {
            assertTrue(FINDING_HEADER.matcher(text).results().anyMatch(m -> m.group(1).equals(id)), id);
        }
        String f1 = section(text, "F1");
        assertTrue(f1.startsWith("F1  LIKELY  3 threads spinning inside a HashMap tree bin"), f1);
        assertTrue(f1.contains("    kind      stuck-in-map (Threads stuck or spinning inside map internals)"), f1);
        assertTrue(f1.contains("    map       java.util.HashMap\n"), f1);
        assertTrue(f1.contains("    site      " + Reports.LOOKUP_SITE + "\n"), f1);
        assertTrue(f1.contains("    threads   factory-worker-1 #21, factory-worker-2 #22, factory-worker-3 #23"), f1);
        assertTrue(flat.contains(Reports.STUCK_ADVICE), text);
        assertTrue(flat.contains(Reports.COSAMPLED_ADVICE), text);
        assertTrue(section(text, "F4").contains("    site      com.acme.inventory.StockLedger.reserve"));
    }

    @Test
    void findingsAreOrderedBySeverity() throws IOException {
        // The report lists them candidate, candidate, likely, likely; and the watch report candidate, proven.
        assertEquals(List.of("F1 LIKELY", "F2 LIKELY", "F4 CANDIDATE", "F3 CANDIDATE"),
                headers(render(Reports.recording())));
        assertEquals(List.of("F1 PROVEN", "F2 CANDIDATE"), headers(render(Reports.watch())));
    }

    private static List<String> headers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = FINDING_HEADER.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2));
        }
        return out;
    }

    @Test
    void evidenceIsRenderedByType() throws IOException {
        String recording = flat(render(Reports.recording()));
        assertTrue(recording.contains("- factory-worker-1 #21 + factory-worker-2 #22 in the same sampling period 37"
                + " times (19:59:38.172-19:59:41.003) -"), recording);
        assertTrue(recording.contains("- factory-worker-1 #21 stayed inside map code for 148 consecutive samples"
                + " over 2.96 s (19:59:38.172-19:59:41.132) at java.util.HashMap$TreeNode.find(HashMap.java:1983)"),
                recording);
        assertTrue(recording.contains("- thread dump at 19:59:40.000: \"factory-worker-1\" RUNNABLE inside map"
                + " code"), recording);
        assertTrue(recording.contains("- stock-batch-1 #41 waited for stock-batch-2 #42 on"
                + " com.acme.inventory.StockLedger (monitor-enter): 14 times, 2.31 s in all, longest 402 ms"),
                recording);
        assertTrue(recording.contains("- http-nio-8080-exec-3 #33 waited for a lock holder not recorded on"
                + " ReentrantLock$NonfairSync (park)"), recording);
        assertTrue(recording.contains("- com.acme.session.LruCache.get(LruCache.java:41): 57 samples in"
                + " java.util.LinkedHashMap.get by 2 threads"), recording);

        assertTrue(recording.contains("- 19:59:40.950 factory-worker-3 #23 threw java.lang.ClassCastException:"
                + " class java.util.HashMap$Node cannot be cast to class java.util.HashMap$TreeNode at"
                + " java.util.HashMap$TreeNode.moveRootToFront(HashMap.java:1986)"), recording);
        // The exception, a strong sign of a race, comes before the samples although the report lists it last.
        String f1 = section(render(Reports.recording()), "F1");
        assertTrue(f1.indexOf("ClassCastException") < f1.indexOf("consecutive samples"), f1);

        String scan = flat(render(Reports.scan()));
        assertTrue(scan.contains("- integrity check failed: tree-bin-red-black: bin 13: red node has a red child"),
                scan);
        assertTrue(scan.contains("- shared: reachable from static field com.acme.catalog.Registry.INSTANCE"
                + " (threads: catalog-loader-1, catalog-loader-2)"), scan);
    }

    @Test
    void aSiteIsNotRepeatedOnEveryLineButADifferentOneIsNamed() throws IOException {
        String f2 = section(render(Reports.recording()), "F2");
        assertFalse(f2.contains(") at com.acme.pricing.PriceFactory.register"), f2);
        String hostile = flat(render(Reports.hostile()));
        assertTrue(hostile.contains("(10:00:00.000-10:00:01.000)"), hostile);
    }

    @Test
    void proofShowsBothThreadsTheirLocksAndBothStacks() throws IOException {
        String f1 = section(render(Reports.watch()), "F1");
        String flat = flat(f1);
        assertTrue(flat.contains("- PROOF: http-nio-8080-exec-2 #32 entered get() at 20:14:03.101 while"
                + " http-nio-8080-exec-1 #31 was inside get() (held there 412 us)"), f1);
        assertTrue(flat.contains("inside: http-nio-8080-exec-1 #31 holding ReentrantReadWriteLock$ReadLock@6021"
                + " [SHARED: does not protect writes] at java.util.LinkedHashMap.afterNodeAccess"), f1);
        assertTrue(flat.contains("entering: http-nio-8080-exec-2 #32 holding"
                + " ReentrantReadWriteLock$ReadLock@6021 [SHARED: does not protect writes] at"
                + " java.util.LinkedHashMap.get(LinkedHashMap.java:446)"), f1);
        // The proof comes first although the report lists it last.
        assertTrue(f1.indexOf("PROOF") < f1.indexOf("- 20:14:00.000"), f1);
    }

    @Test
    void writesShowTheirLocksAndAStackOnlyWhenItChanges() throws IOException {
        String watch = render(Reports.watch());
        String f1 = section(watch, "F1");
        assertTrue(flat(f1).contains("- 20:14:00.000 http-nio-8080-exec-1 #31 get() holding"
                + " ReentrantReadWriteLock$ReadLock@6021 [SHARED: does not protect writes] at"
                + " java.util.LinkedHashMap.afterNodeAccess(LinkedHashMap.java:300)"), f1);
        assertTrue(flat(f1).contains("- 20:14:00.733 http-nio-8080-exec-2 #32 get() holding"
                + " ReentrantReadWriteLock$ReadLock@6021 [SHARED: does not protect writes]; same stack as above"), f1);
        String f2 = section(watch, "F2");
        assertTrue(flat(f2).contains("- 20:14:31.870 http-nio-8080-exec-3 #33 put() holding no lock at"
                + " java.util.HashMap.put(HashMap.java:610)"), f2);
    }

    @Test
    void evidenceIsCappedWithACountOfWhatWasLeftOut() throws IOException {
        String f2 = section(render(Reports.recording()), "F2");
        long items = f2.lines().filter(l -> l.matches("^ {4}(evidence  | {10})- .*")).count();
        assertEquals(TextRenderer.EVIDENCE_CAP, items, f2);
        assertTrue(flat(f2).contains("... and 5 more (4 co-sampled pairs, 1 site); the JSON report (-f json) has"
                + " all of them"), f2);

        String watch = section(render(Reports.watch()), "F1");
        assertTrue(flat(watch).contains("... and 3 more (3 writes)"), watch);
    }

    @Test
    void contendingThreadsSummarizeTheGraph() throws IOException {
        String text = render(Reports.recording());
        String graph = text.substring(text.indexOf("Contending threads\n"));
        String flat = flat(graph);
        assertTrue(graph.contains("  8 threads, 4 race edges, 2 blocks edges, 1 cycle\n"), graph);
        assertTrue(graph.contains("  race    factory-worker-1 #21 -- factory-worker-2 #22: java.util.HashMap, 146"
                + " times, likely [F2]\n"), graph);
        assertTrue(flat.contains("blocks stock-batch-1 #41 -> stock-batch-2 #42: 14 waits for"
                + " com.acme.inventory.StockLedger, 2.31 s in all"), graph);
        assertTrue(flat.contains("cycle stock-batch-1 #41 -> stock-batch-2 #42 -> stock-batch-1 #41"), graph);
        assertTrue(flat.contains("parked http-nio-8080-exec-3 #33 waited on"
                + " java.util.concurrent.locks.ReentrantLock$NonfairSync (1204 ms), holder not recorded"), graph);
        assertTrue(graph.contains("Warnings\n--------\n  ! no-thread-dumps: Only 1 thread dump"), graph);
    }

    @Test
    void noFindingsIsOneClearLineSayingWhatWasExamined() throws IOException {
        String text = render(Reports.empty());
        assertTrue(text.contains("\n\nNo map races found in 12,345 execution samples of 17 threads.\n"), text);
        assertFalse(text.contains("Findings"), text);
        assertFalse(text.contains("Contending threads"), text);
        assertTrue(text.contains("  ! no-thread-dumps: The recording has no jdk.ThreadDump events"), text);
        assertTrue(text.contains("  ! short-recording: "), text);
    }

    @Test
    void noFindingsLineUsesWhatTheSourceCounted() throws IOException {
        WatchStats watch = Reports.watchStats(3112, 1, 1000, List.of(), Map.of()).withVerdicts(
                java.util.stream.IntStream.range(0, 14).mapToObj(i -> new MapVerdict("m" + i, "HashMap", 1, 1, 1,
                        null, "one writer")).toList());
        assertEquals("No map races found in 3,112 observed writes to 14 maps.", SourceFacts.noFindingsLine(
                empty("watch", watch)));
        assertEquals("No map races found in 1,204 maps checked.", SourceFacts.noFindingsLine(
                empty("scan", ScanStats.measured(1, 1, 1, 1, 1204, 1204, 0, 0, 1, 1, 0, 0, -1, -1, -1, null, false,
                        0))));
        assertEquals("No map races found in 1 execution sample of 1 thread.", SourceFacts.noFindingsLine(
                empty("recording", Reports.recordingStats(1, 1, 1, 0))));
    }

    private static Report empty(String kind, SourceStats stats) {
        return new Report(Report.SCHEMA, Reports.TOOL, new Source(kind, List.of("pid 12 (Main)"), null, null, stats),
                List.of(), ContentionGraph.EMPTY, List.of());
    }

    @Test
    void aScanAtOneInstantShowsATimeNotASpan() throws IOException {
        String text = render(Reports.scan());
        assertTrue(text.contains("  time      2024-05-02 21:03:11.250 UTC\n"), text);
        assertTrue(text.contains("  examined  2,210 classes, 5,120 static fields, 63 threads, 918,433 objects read,"
                + " 1,310 maps found,\n            1,204 maps checked,"), text);
        assertTrue(text.contains("    map       com.acme.catalog.Registry.INSTANCE.entries[*].byLocale"
                + " (java.util.HashMap, field"), text);
    }

    @Test
    void longTitlesWrapUnderTheirFinding() throws IOException {
        Report r = Reports.recording();
        Finding f = r.findings().get(0);
        String title = "A title long enough to need two lines: " + "word ".repeat(20).strip();
        Finding longTitle = new Finding(f.id(), f.kind(), f.severity(), title, f.map(), f.sites(), f.threads(),
                f.evidence(), f.explanation(), f.advice());
        String text = render(new Report(r.schema(), r.tool(), r.source(), List.of(longTitle), r.graph(),
                r.warnings()));
        assertTrue(text.contains("\nF4  CANDIDATE  A title long enough to need two lines: word word"), text);
        assertTrue(text.contains("\n    word word"), text);
        assertTrue(flat(text).contains(title), text);
    }

    @Test
    void linesFitTheWidthUnlessASingleWordIsLonger() throws IOException {
        for (Report r : Reports.all().values()) {
            for (String line : render(r).lines().toList()) {
                // A longer line is its prefix (indent, label, bullet) and one word that did not fit.
                assertTrue(line.length() <= TextOut.WIDTH
                        || line.matches(" *(?:[a-z]+ {2,})?(?:- |! |at )?\\S+"), line);
            }
        }
    }

    @Test
    void outputIsAsciiSoItSurvivesTheCLocale() throws IOException {
        for (Report r : List.of(Reports.recording(), Reports.watch(), Reports.scan(), Reports.empty())) {
            String text = render(r);
            assertTrue(text.chars().allMatch(c -> c < 0x80), text);
        }
    }

    @Test
    void hostileNamesCannotDriveTheTerminal() throws IOException {
        String text = render(Reports.hostile());
        assertFalse(text.contains("\u001b"), "an escape sequence got through");
        assertFalse(text.contains("\u0007"));
        assertFalse(text.contains("\u202e"), "a bidi override got through");
        assertTrue(text.contains("evil\\u001b[2J\\u001b]0;pwned\\u0007 \\u202egnp.exe #68"), text);
        // A newline in a name is shown, not obeyed: no line starts with what followed it.
        assertTrue(text.contains("say \"hi\" \\ to\\u000a}digraph{ & <b> #67"), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("}digraph{")), text);
    }

    @Test
    void colorIsOnlyOnRequestAndOnlyOurs() throws IOException {
        assertFalse(render(Reports.watch()).contains("\u001b"));
        StringBuilder colored = new StringBuilder();
        new TextRenderer(true).render(Reports.watch(), colored);
        assertTrue(colored.toString().contains("\u001b[1;31mPROVEN\u001b[0m"), colored.toString());
        assertTrue(colored.toString().contains("\u001b[36mCANDIDATE\u001b[0m"), colored.toString());

        StringBuilder hostile = new StringBuilder();
        new TextRenderer(true).render(Reports.hostile(), hostile);
        String stripped = hostile.toString().replaceAll("\u001b\\[(0|1|2|36|1;31|1;33)m", "");
        assertFalse(stripped.contains("\u001b"), "an escape sequence from the report got through");
        assertEquals(render(Reports.hostile()), stripped);
    }

    @Test
    void wrapBreaksAtSpacesAndKeepsLongWordsWhole() {
        List<String> lines = TextOut.wrap("> ", "  ", "aaa bbb ccc " + "x".repeat(30) + " ddd", 12);
        assertEquals(List.of("> aaa bbb", "  ccc", "  " + "x".repeat(30), "  ddd"), lines);
    }
}
