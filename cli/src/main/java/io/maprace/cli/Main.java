package io.maprace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/**
 * The {@code maprace} command: every verb is registered here, one class each. The root's model is built in code,
 * as {@code analyze}'s is, so that an analyze run reads no annotation (see {@link AnalyzeCommand}).
 */
public final class Main implements Runnable {

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    private Main() {
        spec.name("maprace").versionProvider(new VersionProvider());
        spec.usageMessage().description("Finds unsafe concurrent writes to non-thread-safe maps (HashMap, "
                + "LinkedHashMap, WeakHashMap, HashSet, TreeMap...) in JFR recordings and live JVMs.%n");
        spec.usageMessage().footer("%nExit codes: 0 the command ran (with or without findings); 2 usage; 3-12 bad "
                + "input files; 20-32 live target problems; 40-47 heap dumps; 50-53 flight recordings started in a "
                + "target; 60-67 fix; 14 out of memory; 1 internal error. README.md has the full table.");
        StandardHelpOptions.addTo(spec);
    }

    /**
     * The verbs, in the order help lists them. Registered here rather than in the annotation so that a command
     * line naming one builds only that one's model: picocli reads every option of every verb it registers, a
     * good part of a short command's start.
     */
    private static final List<String> VERBS =
            List.of("ps", "scan", "watch", "stuck", "fix", "analyze", "demo", "help");

    /**
     * A new command object for the verb: a switch rather than a map of constructor references, each of which the
     * JVM links at its first use, on every command's start.
     */
    private static Object command(String verb) {
        return switch (verb) {
            case "ps" -> new PsCommand();
            case "scan" -> new ScanCommand();
            case "watch" -> new WatchCommand();
            case "stuck" -> new StuckCommand();
            case "fix" -> new FixCommand();
            case "analyze" -> new CommandLine(new AnalyzeCommand().spec());
            case "demo" -> new DemoCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no verb " + verb);
        };
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(args);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes the execution handler by: caught here, on its way out
            String verb = firstWord(args);
            code = ErrorHandler.outOfMemory(cl.getErr(), verb == null ? "maprace" : "maprace " + verb);
        }
        System.exit(code);
    }

    /** The configured command line with every verb, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: with the one verb they name, or with all of them (no verb,
     * {@code help}, or a word that is no verb, for picocli's usage message and suggestions).
     */
    static CommandLine commandLine(String[] args) {
        String verb = firstWord(args);
        CommandLine cl = new CommandLine(new Main().spec);
        if (verb != null && !verb.equals("help") && VERBS.contains(verb)) {
            cl.addSubcommand(verb, command(verb));
        } else {
            for (String name : VERBS) {
                cl.addSubcommand(name, command(name));
            }
        }
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler.Usage());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    /** The first argument that is not an option: the verb, if the command line names one. */
    private static String firstWord(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
