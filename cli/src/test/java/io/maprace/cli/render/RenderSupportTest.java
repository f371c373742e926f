package io.maprace.cli.render;

import io.maprace.findings.HeldLock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RenderSupportTest {

    @Test
    void visibleEscapesControlsAndBidiOverridesOnly() {
        String plain = "worker-1 #21 \u00e9t\u00e9 \u65e5\u672c";
        assertSame(plain, RenderSupport.visible(plain));
        assertEquals("a\\u001b[2Jb\\u000ac\\u0085d\\u202ee\\u2066f", RenderSupport.visible(
                "a\u001b[2Jb\nc\u0085d\u202ee\u2066f"));
        assertEquals("", RenderSupport.visible(null));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("412 ms", plain(Times.millis(412)));
        assertEquals("2.31 s", plain(Times.millis(2310)));
        assertEquals("1 min 32 s", plain(Times.millis(91_876)));
        assertEquals("2 h 05 min", plain(Times.millis(7_500_000)));
        assertEquals("412 us", plain(Times.micros(412)));
        assertEquals("3 ms", plain(Times.micros(3_400)));
    }

    private static String plain(String s) {
        return s.replace(Times.NBSP, " ");
    }

    @Test
    void spansNameTheDateOnlyWhenTheyCrossMidnight() {
        Instant a = Instant.parse("2024-05-02T23:59:58.100Z");
        assertEquals("23:59:58.100-23:59:59.900", Times.span(a, Instant.parse("2024-05-02T23:59:59.900Z")));
        assertEquals("23:59:58.100-2024-05-03 00:00:01.000",
                Times.span(a, Instant.parse("2024-05-03T00:00:01Z")));
        assertEquals("23:59:58.100", Times.span(a, null));
        assertEquals("time unknown", Times.span(null, null));
    }

    @Test
    void statsAreWordsWhateverTheKeyStyle() {
        assertEquals("12,345 execution samples", SourceFacts.stat("executionSamples", 12345));
        assertEquals("3 lock waits", SourceFacts.stat("lock-waits", 3L));
        assertEquals("maps checked: all", SourceFacts.stat("maps_checked", "all"));
        assertEquals("watched fraction: 0.420", SourceFacts.stat("watchedFraction", 0.42));
    }

    @Test
    void jdkLockClassesLoseTheirPackageApplicationOnesKeepIt() {
        assertEquals("ReentrantReadWriteLock$ReadLock@6021", Locks.lock(new HeldLock(
                "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock", "6021", HeldLock.Mode.SHARED)));
        assertEquals("com.acme.Registry@1f", Locks.lock(new HeldLock("com.acme.Registry", "@1f",
                HeldLock.Mode.MONITOR)));
        assertEquals("SHARED: does not protect writes", Locks.lockMode(new HeldLock("x", null,
                HeldLock.Mode.SHARED)));
    }
}
