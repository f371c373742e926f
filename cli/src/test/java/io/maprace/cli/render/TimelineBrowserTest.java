package io.maprace.cli.render;

import io.maprace.findings.Report;
import io.maprace.findings.Timeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report's timeline opened in a real browser, headless Chromium: the page loads under its own content
 * policy and the DOM the browser built holds one lane per thread and every mark, linked to its finding; a
 * screenshot is taken. Skipped, saying so, when no Chromium is installed ({@code .ci/run} installs it).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TimelineBrowserTest {

    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        chromium = Stream.of(path.split(java.io.File.pathSeparator))
                .flatMap(d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }

    private Path page(Report report) throws IOException {
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlRendererTest.render(report), StandardCharsets.UTF_8);
        return html;
    }

    /** Runs Chromium headless with {@code args} on the page; returns what it printed on standard output. */
    private String chromium(Path page, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium " + cmd);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theBrowserDrawsOneLanePerThreadWithEveryMarkLinkedToItsFinding() throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH: install it (apt-get install -y chromium) to run this "
                + "test");
        Report report = Reports.recording();
        Timeline t = report.timeline();
        String dom = chromium(page(report), "--dump-dom");

        assertTrue(dom.contains("<svg class=\"timeline\""), "the timeline's SVG is in the page");
        assertEquals(t.lanes().size(), count(dom, "<g class=\"tl-lane\""), "one lane per thread");
        for (Timeline.Lane lane : t.lanes()) {
            assertTrue(dom.contains(">" + lane.thread().name() + "</text>"), "lane labelled " + lane.thread().name());
        }
        long marks = t.lanes().stream().mapToLong(l -> l.marks().size()).sum();
        assertEquals(marks, count(dom, "class=\"tl-mark "), "every mark drawn");
        for (Timeline.Kind kind : Timeline.Kind.values()) {
            assertTrue(dom.contains("tl-mark tl-" + kind.label()), "a " + kind.label() + " mark");
        }
        long linked = t.lanes().stream().flatMap(l -> l.marks().stream()).filter(m -> m.finding() != null).count();
        assertEquals(linked, count(dom, "<a href=\"#finding-F\\d+\" data-finding=\"F\\d+\">"),
                "marks of a finding link to its card");
        for (String id : List.of("F1", "F2", "F3")) {
            assertTrue(dom.contains("id=\"finding-" + id + "\""), "the card a mark links to: " + id);
        }
    }

    @Test
    void aScreenshotShowsThePage() throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH: install it (apt-get install -y chromium) to run this "
                + "test");
        Path png = dir.resolve("timeline.png");
        chromium(page(Reports.recording()), "--screenshot=" + png, "--window-size=1400,1800");
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000, "a screenshot with content: " + bytes.length + " bytes");
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
    }
}
