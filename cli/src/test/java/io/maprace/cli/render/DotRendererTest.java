package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Report;
import io.maprace.findings.Severity;
import io.maprace.graph.ContentionGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DotRendererTest {

    static String render(Report report) throws IOException {
        StringBuilder out = new StringBuilder();
        new DotRenderer().render(report, out);
        return out.toString();
    }



    @Test
    void everyReportGivesWellFormedDotWithEveryEdgeEndpointDeclared() throws IOException {
        for (Report r : Reports.all().values()) {
            String text = render(r);
            Dot dot = Dot.parse(text);
            assertEquals(r.graph().threads().size(), dot.nodes.size(), text);
            assertEquals(r.graph().edges().size(), dot.edges.size(), text);
            for (Dot.Edge e : dot.edges) {
                assertTrue(dot.nodes.containsKey(e.from()) && dot.nodes.containsKey(e.to()),
                        "edge " + e + " ends on an undeclared node in:\n" + text);
            }
            assertTrue(text.chars().allMatch(c -> c < 0x80), "not ASCII:\n" + text);
        }
    }

    @Test
    void raceEdgesAreUndirectedAndStyledBySeverity() throws IOException {
        Dot recording = Dot.parse(render(Reports.recording()));
        Map<String, String> likely = recording.edge("t21", "t22");
        assertEquals("none", likely.get("dir"));
        assertEquals("\"" + DotRenderer.LIKELY + "\"", likely.get("color"));
        assertEquals("dashed", likely.get("style"));
        assertEquals("\"java.util.HashMap\\n146x [F2]\"", likely.get("label"));
        Map<String, String> candidate = recording.edge("t31", "t32");
        assertEquals("dotted", candidate.get("style"));
        assertEquals("\"" + DotRenderer.CANDIDATE + "\"", candidate.get("color"));

        Map<String, String> proven = Dot.parse(render(Reports.watch())).edge("t31", "t32");
        assertEquals("solid", proven.get("style"));
        assertEquals("\"" + DotRenderer.PROVEN + "\"", proven.get("color"));
        assertEquals("\"com.acme.session.SessionServer.CACHE.entries\\n5x [F1]\"", proven.get("label"));
    }

    @Test
    void blocksEdgesPointFromWaiterToHolderAndCyclesStandOut() throws IOException {
        Dot dot = Dot.parse(render(Reports.recording()));
        Map<String, String> blocks = dot.edge("t41", "t42");
        assertNull(blocks.get("dir"));
        assertEquals("\"com.acme.inventory.StockLedger\\n14 waits, 2.31&#160;s\"", blocks.get("label"));
        assertEquals("\"" + DotRenderer.CYCLE + "\"", blocks.get("color"));
        assertEquals("\"" + DotRenderer.CYCLE + "\"", dot.edge("t42", "t41").get("color"));
        assertEquals("\"" + DotRenderer.CYCLE + "\"", dot.nodes.get("t41").get("color"));
        assertNull(dot.nodes.get("t21").get("penwidth"));

        Dot many = Dot.parse(render(Reports.manyThreads(12)));
        assertEquals("\"" + DotRenderer.BLOCKS + "\"", many.edge("t100", "t105").get("color"));
    }

    @Test
    void nodesShowNameAndId() throws IOException {
        Dot dot = Dot.parse(render(Reports.recording()));
        assertEquals("\"factory-worker-1\\n#21\"", dot.nodes.get("t21").get("label"));
        assertTrue(dot.nodes.get("t33").get("tooltip").contains("ReentrantLock$NonfairSync (1204 ms)"));
    }

    @Test
    void hostileNamesAreEscaped() throws IOException {
        String text = render(Reports.hostile());
        Dot dot = Dot.parse(text);
        assertEquals("\"&lt;script&gt;alert(1)&lt;/script&gt;\\n#66\"", dot.nodes.get("t66").get("label"));
        assertEquals("\"say \\\"hi\\\" \\\\ to\\\\u000a}digraph{ &amp; &lt;b&gt;\\n#67\"",
                dot.nodes.get("t67").get("label"));
        assertEquals("\"evil\\\\u001b[2J\\\\u001b]0;pwned\\\\u0007 \\\\u202egnp.exe\\n#68\"",
                dot.nodes.get("t68").get("label"));
        assertFalse(text.replace("->", "").contains("<"), text);
        assertFalse(text.replace("->", "").contains(">"), text);
        assertFalse(text.contains("\u001b"));
        assertEquals("\"a\\\\\"", DotRenderer.quote("a\\"));
        assertEquals("\"caf&#233; &#128512;\"", DotRenderer.quote("caf\u00e9 \uD83D\uDE00"));
    }

    @Test
    void anEmptyGraphIsStillAValidDigraphThatSaysSo() throws IOException {
        String text = render(Reports.empty());
        Dot dot = Dot.parse(text);
        assertTrue(dot.nodes.isEmpty() && dot.edges.isEmpty());
        assertTrue(dot.graph.get("label").contains("no contending threads to draw"), text);
    }

    @Test
    void anEdgeToAnUnlistedThreadStillEndsOnADeclaredNode() throws IOException {
        ThreadRef a = new ThreadRef(1, "a");
        ContentionGraph g = new ContentionGraph(List.of(Reports.node(a)),
                List.of(Reports.race(a, new ThreadRef(99, "gone"), Severity.CANDIDATE, "m", "s", 1, "F1")),
                List.of());
        Report r = new Report(Report.SCHEMA, Reports.TOOL, Reports.empty().source(), List.of(), g, List.of());
        Dot dot = Dot.parse(render(r));
        assertEquals(Set.of("t1", "t99"), dot.nodes.keySet());
    }

    @Test
    void graphvizAcceptsIt() throws Exception {
        assumeTrue(onPath("dot"), "Graphviz is not installed");
        Path dir = Files.createTempDirectory("maprace-dot");
        for (Map.Entry<String, Report> report : Reports.all().entrySet()) {
            Path in = dir.resolve(report.getKey() + ".dot");
            Files.writeString(in, render(report.getValue()), StandardCharsets.US_ASCII);
            Path svg = dir.resolve(report.getKey() + ".svg");
            Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), in.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "dot did not finish");
            String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), messages);
            assertEquals("", messages.strip());
            if (report.getKey().equals("hostile")) {
                // Graphviz read our entities and escapes back to the original names.
                String out = Files.readString(svg);
                assertTrue(out.contains(">&lt;script&gt;alert(1)&lt;/script&gt;</text>"), out);
                assertTrue(out.contains(">say &quot;hi&quot; \\ to\\u000a}digraph{ &amp; &lt;b&gt;</text>"), out);
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Just enough of a DOT parser for what {@link DotRenderer} writes: it fails on unbalanced braces or brackets,
     * unterminated strings and anything after the closing brace, and collects nodes, edges and attributes.
     * Attribute values are kept as written (quoted strings with their quotes and escapes).
     */
    static final class Dot {
        record Edge(String from, String to, Map<String, String> attrs) {
        }

        final Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        final List<Edge> edges = new ArrayList<>();
        final Map<String, String> graph = new LinkedHashMap<>();
        private final List<String> tokens;
        private int at;

        private Dot(List<String> tokens) {
            this.tokens = tokens;
        }

        Map<String, String> edge(String from, String to) {
            return edges.stream().filter(e -> e.from.equals(from) && e.to.equals(to)).findFirst()
                    .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to)).attrs;
        }

        static Dot parse(String text) {
            Dot d = new Dot(tokenize(text));
            d.expect("digraph");
            if (!d.peek().equals("{")) {
                d.next();
            }
            d.expect("{");
            Set<String> keywords = new HashSet<>(List.of("graph", "node", "edge"));
            while (!d.peek().equals("}")) {
                String first = d.next();
                if (keywords.contains(first)) {
                    Map<String, String> attrs = d.attrs();
                    if (first.equals("graph")) {
                        d.graph.putAll(attrs);
                    }
                } else if (d.peek().equals("->")) {
                    d.next();
                    String to = d.next();
                    d.edges.add(new Edge(id(first), id(to), d.peek().equals("[") ? d.attrs() : Map.of()));
                } else {
                    d.nodes.put(id(first), d.peek().equals("[") ? d.attrs() : Map.of());
                }
                d.expect(";");
            }
            d.expect("}");
            if (d.at != d.tokens.size()) {
                throw new AssertionError("text after the closing brace: " + d.tokens.subList(d.at, d.tokens.size()));
            }
            return d;
        }

        private Map<String, String> attrs() {
            expect("[");
            Map<String, String> attrs = new LinkedHashMap<>();
            while (!peek().equals("]")) {
                String key = next();
                expect("=");
                attrs.put(key, next());
                if (peek().equals(",")) {
                    next();
                }
            }
            expect("]");
            return attrs;
        }

        private static String id(String token) {
            return token.startsWith("\"") ? token.substring(1, token.length() - 1).replace("\\\"", "\"") : token;
        }

        private String peek() {
            if (at >= tokens.size()) {
                throw new AssertionError("unexpected end of input");
            }
            return tokens.get(at);
        }

        private String next() {
            String t = peek();
            at++;
            return t;
        }

        private void expect(String token) {
            String t = next();
            if (!t.equals(token)) {
                throw new AssertionError("expected " + token + " but found " + t + " at token " + (at - 1));
            }
        }

        private static List<String> tokenize(String s) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (s.startsWith("//", i)) {
                    int nl = s.indexOf('\n', i);
                    i = nl < 0 ? s.length() : nl;
                } else if (c == '"') {
                    int j = i + 1;
                    // As Graphviz reads them: \" and \\ are pairs, any other backslash stands alone.
                    while (j < s.length() && s.charAt(j) != '"') {
                        if (s.charAt(j) == '\n') {
                            throw new AssertionError("raw newline inside a string at " + j);
                        }
                        j += s.charAt(j) == '\\' && j + 1 < s.length()
                                && (s.charAt(j + 1) == '"' || s.charAt(j + 1) == '\\') ? 2 : 1;
                    }
                    if (j >= s.length()) {
                        throw new AssertionError("unterminated string at " + i);
                    }
                    out.add(s.substring(i, j + 1));
                    i = j + 1;
                } else if (s.startsWith("->", i)) {
                    out.add("->");
                    i += 2;
                } else if ("{}[];,=".indexOf(c) >= 0) {
                    out.add(String.valueOf(c));
                    i++;
                } else if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') {
                    int j = i;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                            || s.charAt(j) == '_')) {
                        j++;
                    }
                    if (j == i) {
                        throw new AssertionError("unexpected '" + c + "' at " + i);
                    }
                    out.add(s.substring(i, j));
                    i = j;
                } else {
                    throw new AssertionError("unexpected '" + c + "' at " + i);
                }
            }
            return out;
        }
    }
}
