package io.maprace.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command line builds the model of the verb it is given alone, and of every verb otherwise. */
class MainVerbsTest {

    private static final List<String> VERBS = List.of("ps", "scan", "watch", "stuck", "fix", "analyze", "demo", "help");

    @Test
    void everyVerbIsRegisteredUnderItsOwnNameInHelpOrder() {
        CommandLine all = Main.commandLine();
        assertEquals(VERBS, List.copyOf(all.getSubcommands().keySet()));
        all.getSubcommands().forEach((name, cl) -> assertEquals(name, cl.getCommandSpec().name()));
    }

    @Test
    void aVerbGivenBuildsThatVerbAloneWithTheSameUsage() {
        for (String verb : VERBS) {
            CommandLine one = Main.commandLine(new String[] {verb, "--some-option"});
            List<String> expected = verb.equals("help") ? VERBS : List.of(verb);
            assertEquals(expected, List.copyOf(one.getSubcommands().keySet()), verb);
            assertEquals(usage(Main.commandLine().getSubcommands().get(verb)), usage(one.getSubcommands().get(verb)),
                    verb);
        }
        // no verb, an option alone, or a word that is no verb: all of them, for the usage and its suggestions
        assertEquals(VERBS, List.copyOf(Main.commandLine(new String[] {"-V"}).getSubcommands().keySet()));
        assertEquals(VERBS, List.copyOf(Main.commandLine(new String[] {"analyse"}).getSubcommands().keySet()));
    }

    private static String usage(CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out));
        return out.toString();
    }
}
