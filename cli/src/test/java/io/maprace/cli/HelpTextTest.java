package io.maprace.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's {@code --help} renders cleanly: picocli formats descriptions with {@code String.format}, so a
 * bare {@code %} ("100% CPU") makes it print a warning on stderr and the raw text.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        CommandLine root = Main.commandLine();
        PrintStream saved = System.err;
        ByteArrayOutputStream tracer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
        try {
            for (String name : root.getSubcommands().keySet()) {
                CliRun run = CliRun.of(name, "--help");
                assertEquals(0, run.exitCode(), name + " --help");
                assertTrue(run.out().contains("Usage: maprace " + name), name + " --help prints its usage");
                assertFalse(run.out().contains("%n"), name + " --help shows a raw format string");
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = tracer.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
    }

    @Test
    void watchsHelpSaysWhatEvidenceItCanGoBy() {
        CliRun run = CliRun.of("watch", "--help");
        assertEquals(0, run.exitCode());
        String help = run.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--evidence=KIND"), help);
        assertTrue(help.contains("proven (breakpoints") && help.contains("sampled (a flight recording")
                && help.contains("or both"), help);
        assertTrue(help.contains("--evidence both"), "an example: " + help);
    }
}
