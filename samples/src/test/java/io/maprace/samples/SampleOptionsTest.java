package io.maprace.samples;

import io.maprace.samples.twins.ConcurrentMapWriters;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleOptionsTest {

    private static final Map<String, Long> MAPS = Map.of("maps", 10_000L);

    @Test
    void defaults() throws Exception {
        SampleOptions options = SampleOptions.parse(new String[0], Map.of());
        assertEquals(10, options.seconds());
        assertEquals(4, options.threads());
        assertFalse(options.quiet());
        assertEquals(Map.of(), options.extras());
    }

    @Test
    void commonOptionsInBothForms() throws Exception {
        SampleOptions options = SampleOptions.parse(new String[] {"--seconds", "0", "--threads=7", "--quiet"},
                Map.of());
        assertEquals(0, options.seconds());
        assertEquals(7, options.threads());
        assertTrue(options.quiet());
    }

    @Test
    void sampleOptionsWithSuffixes() throws Exception {
        Map<String, Long> declared = new LinkedHashMap<>();
        declared.put("maps", 10_000L);
        declared.put("shared-every", 256L);
        assertEquals(10_000, SampleOptions.parse(new String[0], declared).extra("maps"));
        assertEquals(100_000, SampleOptions.parse(new String[] {"--maps", "100k"}, declared).extra("maps"));
        assertEquals(1_000_000, SampleOptions.parse(new String[] {"--maps=1M"}, declared).extra("maps"));
        assertEquals(3, SampleOptions.parse(new String[] {"--shared-every", "3"}, declared).extra("shared-every"));
        assertEquals("[--seconds N] [--threads N] [--quiet] [--maps N] [--shared-every N]",
                SampleOptions.usage(declared));
    }

    @Test
    void unknownOptionIsOneLineNamingItAndTheExpectedOnes() {
        SampleOptions.UsageException e = assertThrows(SampleOptions.UsageException.class,
                () -> SampleOptions.parse(new String[] {"--secs", "3"}, MAPS));
        assertEquals("unknown option '--secs' (expected [--seconds N] [--threads N] [--quiet] [--maps N])",
                e.getMessage());
        assertThrows(SampleOptions.UsageException.class, () -> SampleOptions.parse(new String[] {"3"}, Map.of()));
        assertThrows(SampleOptions.UsageException.class,
                () -> SampleOptions.parse(new String[] {"--maps", "3"}, Map.of()), "undeclared sample option");
    }

    @Test
    void badValues() {
        assertMessage("option --seconds needs a value", "--seconds");
        assertMessage("option --seconds needs a non-negative number: '-1'", "--seconds", "-1");
        assertMessage("option --threads needs a non-negative number: 'four'", "--threads", "four");
        assertMessage("option --threads must be between 1 and 256: '0'", "--threads", "0");
        assertMessage("option --threads must be between 1 and 256: '257'", "--threads", "257");
        assertMessage("option --quiet takes no value: '--quiet=yes'", "--quiet=yes");
        assertMessage("option --seconds needs a non-negative number: '99999999999999999999'", "--seconds",
                "99999999999999999999");
    }

    @Test
    void undeclaredExtraIsAProgrammingError() throws Exception {
        SampleOptions options = SampleOptions.parse(new String[0], Map.of());
        assertThrows(IllegalArgumentException.class, () -> options.extra("maps"));
    }

    @Test
    void badCommandLineExitsWithTwoAndOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SampleMain.run(new ConcurrentMapWriters(), new String[] {"--bogus"}, new PrintStream(out, true),
                new PrintStream(err, true));
        assertEquals(2, code);
        assertEquals("", out.toString());
        assertEquals("concurrent-map-writers: unknown option '--bogus' (expected [--seconds N] [--threads N] [--quiet])"
                + System.lineSeparator(), err.toString());
    }

    private static void assertMessage(String expected, String... args) {
        SampleOptions.UsageException e = assertThrows(SampleOptions.UsageException.class,
                () -> SampleOptions.parse(args, Map.of()));
        assertEquals(expected, e.getMessage());
    }
}
