package io.maprace.cli.render;

import io.maprace.findings.Report;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlRendererTest {

    static String render(Report report) throws IOException {
        StringBuilder out = new StringBuilder();
        new HtmlRenderer().render(report, out);
        return out.toString();
    }

    /** Roughly what a reader sees: tags as spaces (line-break hints as nothing), entities decoded. */
    static String visibleText(String html) {
        String noScript = html.replaceAll("(?s)<script>.*?</script>", "").replaceAll("(?s)<style>.*?</style>", "");
        String text = noScript.replace("<wbr>", "").replaceAll("<[^>]+>", " ");
        Matcher m = Pattern.compile("&#(\\d+);").matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(b);
        return b.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&middot;", "\u00b7").replace("&rarr;", "\u2192").replace("&amp;", "&")
                .replace('\u00a0', ' ').replaceAll("\\s+", " ");
    }

    @Test
    void everyPageIsSelfContained() throws IOException {
        for (Map.Entry<String, Report> e : Reports.all().entrySet()) {
            String html = render(e.getValue());
            String name = e.getKey();
            assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), name);
            assertFalse(html.contains("<link"), name);
            assertFalse(html.contains("<script src"), name);
            assertFalse(html.contains("@import"), name);
            // Every tag is the page's own and well-formed, with double-quoted values; links and sources in
            // them stay inside the page.
            Pattern tag = Pattern.compile("<[a-zA-Z][a-zA-Z0-9]*((?:\\s+[a-zA-Z][a-zA-Z0-9:-]*(?:=\"[^\"<]*\")?)*)\\s*/?>");
            Pattern attr = Pattern.compile("\\s+([a-zA-Z][a-zA-Z0-9:-]*)(?:=\"([^\"]*)\")?");
            Matcher tags = Pattern.compile("<[a-zA-Z][^>]*>").matcher(html);
            while (tags.find()) {
                Matcher t = tag.matcher(tags.group());
                assertTrue(t.matches(), name + ": malformed tag " + tags.group());
                Matcher a = attr.matcher(t.group(1));
                while (a.find()) {
                    if (List.of("src", "href", "action", "xlink:href").contains(a.group(1).toLowerCase())) {
                        assertTrue(a.group(2).startsWith("#"), name + ": " + tags.group());
                    }
                }
            }
            Matcher urls = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
            while (urls.find()) {
                assertTrue(urls.group(1).startsWith("#"), name + ": " + urls.group());
            }
            if (!name.equals("hostile")) {
                // No address at all, but the SVG namespace, which is a name, not something fetched. (The hostile
                // report shows one as text, which the tag check above covers.)
                assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http://"), name);
                assertFalse(html.contains("https://"), name);
            }
            assertTrue(html.chars().allMatch(c -> c < 0x80), name + " is not ASCII");
        }
    }

    @Test
    void theOnlyScriptAndStyleAreOursAndTheContentSecurityPolicyAllowsNothingElse() throws IOException {
        String html = render(Reports.recording());
        assertEquals(1, count(html, "<script"));
        assertEquals(1, count(html, "<style"));
        assertTrue(html.contains("<script>" + HtmlAssets.JS + "</script>"));
        assertTrue(html.contains("<style>" + HtmlAssets.CSS + "</style>"));
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src " + HtmlAssets.hash(HtmlAssets.CSS) + "; script-src " + HtmlAssets.hash(HtmlAssets.JS)
                + ";"), html.substring(0, 600));
        // A style attribute would be blocked by that policy: the page must not rely on one.
        assertFalse(html.contains(" style="));
    }

    @Test
    void theGraphHasOneElementPerThreadAndPerEdge() throws Exception {
        for (Map.Entry<String, Report> e : Reports.all().entrySet()) {
            Report r = e.getValue();
            String html = render(r);
            if (r.graph().threads().isEmpty()) {
                assertFalse(html.contains("<svg class=\"graph\""), e.getKey());
                continue;
            }
            Element svg = svg(html);
            assertEquals(r.graph().threads().size(), byClass(svg, "g", "node").size(), e.getKey());
            List<Element> edges = byClass(svg, "g", "edge");
            assertEquals(r.graph().edges().size(), edges.size(), e.getKey());
            for (Element edge : edges) {
                assertEquals(1, edge.getElementsByTagName("title").getLength());
                assertTrue(edge.getElementsByTagName("path").getLength() >= 1);
            }
        }
    }

    @Test
    void edgesAreStyledByKindAndSeverityAndKnowTheirFindings() throws Exception {
        Element svg = svg(render(Reports.recording()));
        Element race = edge(svg, "t21", "t22");
        assertEquals("edge race likely", race.getAttribute("class"));
        assertEquals("F2", race.getAttribute("data-findings"));
        assertTrue(race.getElementsByTagName("title").item(0).getTextContent().startsWith(
                "race (likely): factory-worker-1 #21 and factory-worker-2 #22 wrote java.util.HashMap"));
        Element blocks = edge(svg, "t41", "t42");
        assertEquals("edge blocks cycle", blocks.getAttribute("class"));
        assertEquals("url(#mr-arrow-cycle)", ((Element) blocks.getElementsByTagName("path").item(0))
                .getAttribute("marker-end"));
        assertEquals("edge race candidate", edge(svg, "t31", "t32").getAttribute("class"));
        // A thread is highlighted with every finding that names it, edge or not.
        Element node = byClass(svg, "g", "node").stream().filter(n -> n.getAttribute("data-key").equals("t21"))
                .findFirst().orElseThrow();
        assertEquals("F1 F2", node.getAttribute("data-findings"));
        assertEquals("node likely", node.getAttribute("class"));

        Element proven = edge(svg(render(Reports.watch())), "t31", "t32");
        assertEquals("edge race proven", proven.getAttribute("class"));
    }

    @Test
    void everyThreadIsDrawnInsideTheViewBox() throws Exception {
        for (String name : List.of("recording", "threads-1", "threads-2", "threads-7", "threads-40")) {
            Element svg = svg(render(Reports.all().get(name)));
            String[] box = svg.getAttribute("viewBox").split(" ");
            double x0 = Double.parseDouble(box[0]);
            double y0 = Double.parseDouble(box[1]);
            double w = Double.parseDouble(box[2]);
            double h = Double.parseDouble(box[3]);
            for (Element node : byClass(svg, "g", "node")) {
                Matcher m = Pattern.compile("translate\\(([-0-9.]+),([-0-9.]+)\\)").matcher(node.getAttribute(
                        "transform"));
                assertTrue(m.matches());
                double x = Double.parseDouble(m.group(1));
                double y = Double.parseDouble(m.group(2));
                assertTrue(x > x0 && x < x0 + w && y > y0 && y < y0 + h, name + ": " + node.getAttribute("data-key"));
            }
        }
    }

    @Test
    void hostileNamesAreEscapedEverywhere() throws Exception {
        String html = render(Reports.hostile());
        assertEquals(1, count(html, "<script"), "only the page's own script");
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<iframe"));
        assertFalse(html.contains("<b>"));
        assertFalse(html.contains("href=\"javascript"));
        assertTrue(html.contains("&lt;a href=&quot;javascript:alert(4)&quot;&gt;"), "shown as text");
        assertFalse(html.contains("\u001b"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("data-finding=\"F1&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\""));
        assertTrue(html.contains("<title>maprace: 1 finding (1 likely) - &lt;img src=x onerror=alert(5)&gt;.jfr"
                + "</title>"));
        String text = visibleText(html);
        assertTrue(text.contains("<script>alert(1)</script> #66"), text);
        assertTrue(text.contains("say \"hi\" \\ to\\u000a}digraph{ & <b> #67"), text);
        assertTrue(text.contains("<iframe src=\"https://evil.example\"></iframe>"), text);
        // The drawing is well-formed XML whatever the names hold.
        Element svg = svg(html);
        assertEquals(3, byClass(svg, "g", "node").size());
    }

    @Test
    void findingsAreCardsInSeverityOrderWithWhatTheyAreAbout() throws IOException {
        String html = render(Reports.recording());
        List<Integer> at = new ArrayList<>();
        for (String id : List.of("F1", "F2", "F4", "F3")) {
            at.add(html.indexOf("id=\"finding-" + id + "\""));
        }
        assertTrue(at.get(0) > 0 && at.get(0) < at.get(1) && at.get(1) < at.get(2) && at.get(2) < at.get(3), "" + at);
        assertTrue(html.contains("<section class=\"finding likely\" id=\"finding-F1\" data-finding=\"F1\">"));
        assertTrue(html.contains("<span class=\"badge candidate\">candidate</span><span class=\"fid\">F4</span>"));

        String text = visibleText(html);
        assertTrue(text.contains("F1 3 threads spinning inside a HashMap tree bin for up to 2.96 s"), text);
        assertTrue(text.contains("Site " + Reports.LOOKUP_SITE), text);
        assertTrue(text.contains("Threads factory-worker-1 #21 factory-worker-2 #22 factory-worker-3 #23"), text);
        assertTrue(text.contains("What to do " + Reports.STUCK_ADVICE), text);
        assertTrue(text.contains("What to do " + Reports.COSAMPLED_ADVICE), text);
        assertTrue(text.contains("Examined 1 files, size: 48.0 MB, 48 chunks, 38,238 events read, 12,345 execution samples,"
                + " 17 sampled threads, sampling period: 20 ms, 1,203 lock waits, 0 allocation samples"), text);
        assertTrue(text.contains("Cycles: threads waiting on each other's locks stock-batch-1 #41 \u2192"
                + " stock-batch-2 #42 \u2192 stock-batch-1 #41"), text);
        assertTrue(text.contains("no-thread-dumps Only 1 thread dump in the recording"), text);
    }

    @Test
    void evidenceIsTabulatedByTypeWithLongTablesFolded() throws IOException {
        String html = render(Reports.recording());
        String text = visibleText(html);
        assertTrue(text.contains("Exceptions thrown inside map code (1) Time Thread Exception Stack 19:59:40.950"
                + " factory-worker-3 #23 java.lang.ClassCastException class java.util.HashMap$Node cannot be cast"),
                text);
        assertTrue(text.contains("Threads that stayed inside map code (3) Thread When For Samples Map frames"
                + " factory-worker-1 #21 19:59:38.172-19:59:41.132 2.96 s 148"), text);
        // The Site column is left out when it would only repeat the finding's site.
        assertTrue(text.contains("Threads sampled inside the write in the same sampling period (12) Threads Periods"
                + " First - last seen factory-worker-1 #21 + factory-worker-2 #22 37 19:59:38.172-19:59:41.003"),
                text);
        String f2 = html.substring(html.indexOf("id=\"finding-F2\""), html.indexOf("id=\"finding-F4\""));
        String cosampled = f2.substring(f2.indexOf("same sampling period"), f2.indexOf("Write sites sampled"));
        assertEquals(HtmlEvidence.SHOWN_ROWS + 4, count(cosampled, "<tr><td>"));
        assertTrue(cosampled.contains("<details><summary>4 more</summary>"), cosampled);
        assertTrue(text.contains("stock-batch-1 #41 stock-batch-2 #42 com.acme.inventory.StockLedger monitor-enter 14"
                + " 2.31 s 402 ms"), text);
    }

    @Test
    void theProofAndTheSharedReadLockStandOut() throws IOException {
        String html = render(Reports.watch());
        String text = visibleText(html);
        assertTrue(text.contains("proof http-nio-8080-exec-2 #32 entered get() at 20:14:03.101 while"
                + " http-nio-8080-exec-1 #31 was inside get() (held there 412 us)"), text);
        assertTrue(text.contains("Inside: http-nio-8080-exec-1 #31 ReentrantReadWriteLock$ReadLock@6021 shared does"
                + " not protect writes java.util.LinkedHashMap.afterNodeAccess(LinkedHashMap.java:300)"), text);
        assertTrue(text.contains("Entering: http-nio-8080-exec-2 #32"), text);
        assertTrue(html.contains("<span class=\"lock shared\" title=\"" + Reports.READ_LOCK + "\">"));
        assertTrue(html.contains("<span class=\"lock none\">no lock</span>"));
        assertTrue(text.contains("same as above"), text);
        // The proof is drawn before the writes although the report lists it last.
        assertTrue(html.indexOf("class=\"proof\"") < html.indexOf("Writes observed"));
    }

    @Test
    void aReportWithNoFindingsSaysWhatWasExamined() throws IOException {
        String html = render(Reports.empty());
        String text = visibleText(html);
        assertTrue(text.contains("clean No map races found in 12,345 execution samples of 17 threads."), text);
        assertTrue(text.contains("no map races found 2 warnings"), text);
        assertTrue(text.contains("short-recording The recording covers 9.8 s"), text);
        assertFalse(html.contains("class=\"finding "));
    }

    private static Element svg(String html) throws Exception {
        int start = html.indexOf("<svg class=\"graph\"");
        int end = html.indexOf("</svg>", start);
        assertTrue(start >= 0 && end > start, "no graph");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(
                html.substring(start, end + "</svg>".length()))));
        return doc.getDocumentElement();
    }

    private static List<Element> byClass(Element root, String tag, String firstClass) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").split(" ")[0].equals(firstClass)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element edge(Element svg, String from, String to) {
        return byClass(svg, "g", "edge").stream()
                .filter(e -> e.getAttribute("data-from").equals(from) && e.getAttribute("data-to").equals(to))
                .findFirst().orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
